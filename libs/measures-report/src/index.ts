export * from './aggregates';
export * from './chart';
export * from './chart-reading';
export * from './csv';
export * from './figures';
export * from './filter';
export * from './periods';
export * from './report';
