import type { JourneyEvent } from '@waymark/event-contracts';
import {
  COMMAND_BODIES,
  DEFAULT_SETTINGS,
  deadlinePassed,
  evolve,
  handle,
  initialState,
  isEnded,
  JourneyCommand,
  JourneyState,
  nextDeadline,
  openJourney,
  openJourneyBody,
  overLimit,
  stamp,
} from '@waymark/journey-domain';
import type { JourneyPlan } from '../journey-builder';

/**
 * Runs a planned journey through the pure journey rules as the workflow would, at `now` (when it is sent): the
 * opening, each command through the journey limits and `handle` (decide, stamp, evolve), and the timers that fall due in between (stalls,
 * sustained resolutions). Throws on the first refusal, naming the command and the rule.
 */
export function replayThroughRules(
  plan: JourneyPlan,
  journeyId: string,
  now: Date,
): { events: JourneyEvent[]; state: JourneyState } {
  const settings = DEFAULT_SETTINGS;
  const open = { ...openJourneyBody.parse(plan.open), leadProviderId: plan.lead };
  const opened = openJourney(open, now);
  if (!opened.ok) throw new Error(`opening refused: ${opened.rejection.rule}`);
  let state = initialState(journeyId, open);
  const events = stamp(state, opened.events, now);
  state = evolve(state, events);
  const settle = () => {
    for (let deadline = nextDeadline(state, settings); deadline && deadline.at <= now.getTime() && !isEnded(state); ) {
      const decision = deadlinePassed(state, deadline, settings);
      if (!decision.ok) throw new Error('a timer was refused');
      const fired = stamp(state, decision.events, now);
      events.push(...fired);
      state = evolve(state, fired);
      deadline = nextDeadline(state, settings);
    }
  };
  settle();
  let handOffId: string | undefined;
  for (const [i, planned] of plan.commands.entries()) {
    const body = planned.answersHandOff ? { ...planned.body, handOffId } : planned.body;
    const command = { type: planned.type, ...COMMAND_BODIES[planned.type].parse(body) } as JourneyCommand;
    const limit = overLimit(state, command, { unpublishedEvents: 0 });
    const outcome = limit
      ? { ok: false as const, rejection: limit }
      : handle(state, command, { actor: planned.actor, now, settings });
    if (!outcome.ok) {
      const { rule, message } = outcome.rejection;
      throw new Error(
        `person ${plan.person}, command ${i + 1} (${planned.type} by ${planned.actor}): ${rule}: ${message}`,
      );
    }
    events.push(...outcome.events);
    state = outcome.state;
    const requested = outcome.events.find((e) => e.type === 'waymark.journey.hand-off-requested.v1');
    if (requested?.type === 'waymark.journey.hand-off-requested.v1') handOffId = requested.data.handOffId;
    settle();
  }
  return { events, state };
}
