export * from './kafka';
export * from './providers';
export * from './services';
