export * from './health-checks';
export * from './logging';
export * from './management-server';
export * from './stall-watch';
export * from './http-metrics';
export * from './http-tracing';
export * from './pool-metrics';
export * from './tracing';
