export * from './ids';
export * from './journey-client';
export * from './refusal';
