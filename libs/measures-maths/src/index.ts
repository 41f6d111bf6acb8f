export * from './disclosure';
export * from './durations';
export * from './exact';
export * from './rate';
export * from './statistics';
export * from './xmr';
