export * from './journey-events';
export * from './kafka';
export * from './key-revocation';
export * from './providers';
export * from './services';
export * from './temporal-namespace';
export * from './temporal';
