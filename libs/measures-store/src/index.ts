export * from './data-source';
export * from './measures-store';
