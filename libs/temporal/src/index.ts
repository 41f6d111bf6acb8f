export * from './bundler';
export * from './client';
export * from './histories';
export * from './replay-check';
export * from './runtime';
export * from './temporal-client.module';
export * from './tracing';
