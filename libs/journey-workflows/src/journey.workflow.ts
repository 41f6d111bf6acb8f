import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { decideOpenJourney, evolve, initialState, stamp } from '@waymark/journey-domain';
import { JourneyWorkflowInput, journeyStateQuery } from './definitions';
import { Outbox } from './outbox';

/**
 * One person's journey. The workflow is wiring and a loop: every decision is
 * made by the pure domain library; events leave through the outbox.
 */
export async function journeyWorkflow({ journeyId, open }: JourneyWorkflowInput): Promise<void> {
  const now = () => new Date(Date.now()); // workflow time: deterministic on replay
  let state = initialState(journeyId, open);
  const outbox = new Outbox();
  setHandler(journeyStateQuery, () => state);

  const decision = decideOpenJourney(open, now());
  if (!decision.ok) {
    throw ApplicationFailure.nonRetryable(decision.rejection.message, decision.rejection.rule);
  }
  const events = stamp(state, decision.events, now());
  state = evolve(state, events);
  outbox.enqueue(events);

  await outbox.run();
}
