export * from './closure-effects';
export * from './journey-facts';
export * from './placeable-dates';
export * from './project-batch';
export * from './project-event';
export * from './rows';
export * from './sequence';
