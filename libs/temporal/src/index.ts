export * from './bundler';
export * from './client';
export * from './runtime';
export * from './temporal-client.module';
export * from './tracing';
