export * from './bootstrap';
export * from './problem';
export * from './problem.filter';
export * from './zod-body.pipe';
export * from './openapi';
export * from './json-bodies';
export * from './database-faults';
