export * from './envelope';
export * from './journey-events';
export * from './validation';
export * from './vocabulary';
