export * from './chart';
export * from './chart-reading';
export * from './csv';
export * from './figures';
export * from './report';
