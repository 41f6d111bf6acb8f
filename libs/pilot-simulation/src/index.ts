export * from './designs';
export * from './journey-builder';
export * from './pilot-plan';
export * from './pilot-providers';
export * from './plan-figures';
export { digestHex, Random } from './random';
