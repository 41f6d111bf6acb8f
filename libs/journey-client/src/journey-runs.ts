import { JOURNEY_WORKFLOW_TYPE } from '@waymark/journey-workflows';

/**
 * Which journey workflow runs an ops command looks at. Every run is its own history: a journey that continued as new
 * has one running run and closed earlier ones, kept for the namespace's retention.
 * - `running`: what workers will replay next (the default);
 * - `since`: running, and closed at or after the date (reading a closed journey replays its history too);
 * - `all`: every run Temporal still holds;
 * - `query`: the caller's own visibility filter.
 */
export type JourneyRunScope =
  | { kind: 'running' }
  | { kind: 'since'; since: Date }
  | { kind: 'all' }
  | { kind: 'query'; query: string };

const IS_JOURNEY = `WorkflowType = '${JOURNEY_WORKFLOW_TYPE}'`;

/** The visibility query for a scope, always limited to journey workflows. */
export function journeyRunsQuery(scope: JourneyRunScope): string {
  switch (scope.kind) {
    case 'running':
      return `${IS_JOURNEY} AND ExecutionStatus = 'Running'`;
    case 'since':
      return `${IS_JOURNEY} AND (ExecutionStatus = 'Running' OR CloseTime >= '${scope.since.toISOString()}')`;
    case 'all':
      return IS_JOURNEY;
    case 'query':
      return `${IS_JOURNEY} AND (${scope.query})`;
  }
}

/** The journey a workflow id names (`journey-<id>`). */
export const journeyIdOf = (workflowId: string) => workflowId.replace(/^journey-/, '');
