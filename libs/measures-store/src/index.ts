export * from './cost-rates';
export * from './data-source';
export * from './entities/cost-rate.entity';
export * from './measures-queries';
export * from './measures-store';
export * from './settings';
export { ProjectionProgress, type JourneyProgress } from './held-events';
