export * from './cost-rates';
export * from './data-source';
export * from './entities/cost-rate.entity';
export * from './measures-queries';
export * from './measures-store';
export * from './settings';
export * from './projection-rebuild';
export * from './read-admission';
