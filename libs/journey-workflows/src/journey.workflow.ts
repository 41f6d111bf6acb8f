import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { JourneyEvent, JourneyEventOf } from '@waymark/event-contracts';
import {
  acceptsLateRecords,
  DEFAULT_SETTINGS,
  deadlinePassed,
  decide,
  evolve,
  handle,
  initialState,
  isEnded,
  JourneyState,
  nextDeadline,
  openJourney,
  overLimit,
  Rejection,
  stamp,
} from '@waymark/journey-domain';
import {
  CommandResult,
  journeyCommandUpdate,
  JourneyWorkflowInput,
  journeyStateQuery,
  PROVIDERS_KEY,
  STATUS_KEY,
} from './definitions';
import { Alarm, ONE_TIMER_PATCH } from './alarm';
import { Outbox } from './outbox';
import { ProcessedCommands } from './processed-commands';

const DEFAULT_HISTORY_LIMIT = 10_000;
/** Journeys that reached a sustained resolution before this patch ended there; later ones await late records. */
const LATE_RECORDS_PATCH = 'provisional-sustained-resolution';

/**
 * One person's journey, for as long as it lasts. The workflow is wiring and a
 * loop: every decision is made by the pure domain library, events leave through
 * the outbox in order, and the only waits are for the next command or timer.
 */
export async function journeyWorkflow(input: JourneyWorkflowInput): Promise<void> {
  // Settings added since a journey started take their defaults.
  const settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const now = () => new Date(Date.now()); // workflow time: the same on replay
  const processed = new ProcessedCommands(input.carried?.processed);
  const outbox = new Outbox(input.carried?.unpublished);
  const visibility = new Visibility();
  let state = input.carried?.state ?? initialState(input.journeyId, input.open);

  const accept = (events: JourneyEvent[], next: JourneyState) => {
    state = next;
    outbox.enqueue(events);
    visibility.show(state);
  };
  if (input.carried) visibility.show(state);
  else {
    const opened = openedEvents(input, state, now());
    accept(opened, evolve(state, opened));
  }

  setHandler(journeyStateQuery, () => state);
  setHandler(
    journeyCommandUpdate,
    ({ actor, command }) => {
      const updateId = currentUpdateInfo()?.id;
      const earlier = updateId ? processed.get(updateId) : undefined;
      if (earlier) return earlier;
      const outcome = handle(state, command, { actor, now: now(), settings });
      if (!outcome.ok) throw refusal(outcome.rejection);
      accept(outcome.events, outcome.state);
      const result = resultOf(outcome.events);
      if (updateId) processed.remember(updateId, result);
      return result;
    },
    {
      // Runs before anything is written: a refused command leaves no trace in history.
      validator: ({ actor, command }) => {
        const updateId = currentUpdateInfo()?.id;
        if (updateId && processed.get(updateId)) return;
        const decision = decide(state, command, { actor, now: now(), settings });
        if (!decision.ok) throw refusal(decision.rejection);
        // Limits are checked here only, never on replay: journeys that grew past them earlier still replay.
        const limited = overLimit(state, command, { unpublishedEvents: outbox.backlog });
        if (limited) throw refusal(limited);
      },
    },
  );

  void outbox.run();

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;

  const alarm = new Alarm();
  const takesLateRecords = () => acceptsLateRecords(state, settings, now()) && patched(LATE_RECORDS_PATCH);
  while (!isEnded(state) || takesLateRecords()) {
    if (shouldContinueAsNew()) {
      await condition(() => allHandlersFinished() && outbox.idle);
      await continueAsNew<typeof journeyWorkflow>({
        ...input,
        carried: { state, processed: processed.entries(), unpublished: outbox.unpublished() },
      });
    }
    const deadline = nextDeadline(state, settings);
    const seqBefore = state.seq;
    const changed = () => state.seq !== seqBefore || shouldContinueAsNew();
    const timedOut = patched(ONE_TIMER_PATCH)
      ? await alarm.wait(changed, deadline?.at)
      : await waitFor(changed, deadline ? deadline.at - Date.now() : undefined);
    if (timedOut && deadline) {
      const decision = deadlinePassed(state, deadline, settings);
      if (decision.ok) {
        const events = stamp(state, decision.events, now());
        accept(events, evolve(state, events));
      }
    }
  }
  // An ended journey finishes once every event is out.
  await condition(() => outbox.empty && allHandlersFinished());
}

/** Before ONE_TIMER_PATCH: a timer per wait, so every command cancelled one and started another. */
async function waitFor(changed: () => boolean, waitMs?: number): Promise<boolean> {
  if (waitMs === undefined) {
    await condition(changed);
    return false;
  }
  return waitMs <= 0 || !(await condition(changed, waitMs));
}

function openedEvents(input: JourneyWorkflowInput, initial: JourneyState, now: Date): JourneyEvent[] {
  const decision = openJourney(input.open, now);
  if (!decision.ok) throw refusal(decision.rejection);
  return stamp(initial, decision.events, now);
}

function refusal(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    type: rejection.rule,
    message: rejection.message,
    nonRetryable: true,
    details: [rejection],
  });
}

function resultOf(events: JourneyEvent[]): CommandResult {
  const requested = events.find(
    (e): e is JourneyEventOf<'waymark.journey.hand-off-requested.v1'> =>
      e.type === 'waymark.journey.hand-off-requested.v1',
  );
  return {
    events: events.map(({ id, seq, type }) => ({ id, seq, type })),
    ...(requested ? { handOffId: requested.data.handOffId } : {}),
  };
}

/** Keeps the search attributes the API lists by in step with the journey, writing only on change. */
class Visibility {
  private shown = '';

  show(state: JourneyState): void {
    const providers = [state.leadProviderId, ...state.involvedProviderIds];
    if (state.pendingHandOff) providers.push(state.pendingHandOff.toProviderId);
    const key = `${state.status}|${providers.join(',')}`;
    if (key === this.shown) return;
    this.shown = key;
    upsertSearchAttributes([
      { key: STATUS_KEY, value: state.status },
      { key: PROVIDERS_KEY, value: providers },
    ]);
  }
}
