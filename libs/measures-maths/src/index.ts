export * from './disclosure';
export * from './durations';
export * from './exact';
export * from './rate';
export * from './spc';
export * from './spc-rules';
export * from './statistics';
export * from './xmr';
