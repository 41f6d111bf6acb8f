// The entry point Temporal's bundler loads: workflow functions only.
export { journeyWorkflow } from './journey.workflow';
