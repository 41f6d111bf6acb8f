export * from './commands';
export * from './decision';
export * from './evolve';
export * from './open-journey';
export * from './state';
