export * from './ids';
export * from './journey-client';
export * from './refusal';
export * from './journey-history';
export * from './publications';
export * from './journey-runs';
