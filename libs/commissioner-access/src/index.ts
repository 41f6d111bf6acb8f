export * from './commissioner-sessions';
export * from './commissioner-sign-in';
export * from './commissioners';
export * from './data-source';
