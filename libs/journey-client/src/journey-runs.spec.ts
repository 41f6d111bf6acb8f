import { journeyIdOf, journeyRunsQuery } from './journey-runs';

describe('journeyRunsQuery', () => {
  it('limits every scope to journey workflows', () => {
    expect(journeyRunsQuery({ kind: 'running' })).toBe(
      "WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Running'",
    );
    expect(journeyRunsQuery({ kind: 'since', since: new Date('2026-05-01T00:00:00Z') })).toBe(
      "WorkflowType = 'journeyWorkflow' AND (ExecutionStatus = 'Running' OR CloseTime >= '2026-05-01T00:00:00.000Z')",
    );
    expect(journeyRunsQuery({ kind: 'all' })).toBe("WorkflowType = 'journeyWorkflow'");
    // Bracketed, so an OR in the caller's filter cannot widen it past journeys.
    expect(
      journeyRunsQuery({ kind: 'query', query: "WaymarkJourneyStatus = 'stalled' OR StartTime < '2026-01-01'" }),
    ).toBe("WorkflowType = 'journeyWorkflow' AND (WaymarkJourneyStatus = 'stalled' OR StartTime < '2026-01-01')");
  });

  it('reads the journey id back from a workflow id', () => {
    expect(journeyIdOf('journey-7c0e2a53-8f43-4ad5-9d3e-0e6a1f1f2b10')).toBe('7c0e2a53-8f43-4ad5-9d3e-0e6a1f1f2b10');
  });
});
