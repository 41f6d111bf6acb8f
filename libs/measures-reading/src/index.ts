export * from './measures-reading';
export * from './measures-reading.module';
export * from './read-failure';
export * from './settings';
