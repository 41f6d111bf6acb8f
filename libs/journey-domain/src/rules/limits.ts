import type { JourneyCommand } from '../commands';
import type { Rejection } from '../decision';
import type { JourneyState } from '../state';

/**
 * How far one journey may grow. Everything the workflow keeps grows with commands, and all of it travels in one
 * payload when the workflow continues as new (Temporal refuses a payload over 2 MB) and in every read; the providers
 * listed on the journey also go into a search attribute (2 KB per value). The numbers are well above what a real
 * journey needs and keep the worst case under those limits (docs/decisions/0014-JOURNEY_LIMITS.md).
 */
export const JOURNEY_LIMITS = {
  /** What matters to one person: a handful of domains, restated over months; 50 items is ample. */
  whatMattersItems: 50,
  /** Help descriptions kept with the journey; help beyond this is still recorded, without a description. */
  helpNotes: 100,
  /** Providers involved at once: with the lead and a hand-off recipient, 22 ids × 63 characters < 2 KB. */
  involvedProviders: 20,
  /** Events accepted but not yet published (Kafka away): past this, commands wait until the outbox drains. */
  unpublishedEvents: 200,
} as const;

/** What the workflow knows besides the state: how many events still wait for publication. */
export interface Backlog {
  unpublishedEvents: number;
}

const refused = (kind: Rejection['kind'], rule: string, message: string, field?: string): Rejection => ({
  rule,
  kind,
  message,
  ...(field ? { field } : {}),
});

/**
 * Whether a command, already accepted by the journey's rules, would take the journey past a limit. Checked when a
 * command is admitted (the Update's validator), never when history replays, so a journey that grew past a limit
 * before it existed still replays as it ran.
 */
export function overLimit(state: JourneyState, command: JourneyCommand, backlog: Backlog): Rejection | undefined {
  if (backlog.unpublishedEvents >= JOURNEY_LIMITS.unpublishedEvents) {
    return refused(
      'unavailable',
      'events-backlog',
      `${backlog.unpublishedEvents} of this journey's events are waiting to be published; retry once they are out`,
    );
  }
  switch (command.type) {
    case 'record-what-matters': {
      const total = state.whatMatters.length + command.items.length;
      if (total <= JOURNEY_LIMITS.whatMattersItems) return undefined;
      return refused(
        'invalid',
        'what-matters-limit',
        `a journey keeps at most ${JOURNEY_LIMITS.whatMattersItems} what-matters items; it has ${state.whatMatters.length} and this adds ${command.items.length}`,
        'items',
      );
    }
    case 'give-help':
      if (!command.description || state.helpNotes.length < JOURNEY_LIMITS.helpNotes) return undefined;
      return refused(
        'invalid',
        'help-notes-limit',
        `a journey keeps at most ${JOURNEY_LIMITS.helpNotes} help descriptions; record this help without one`,
        'description',
      );
    case 'involve-provider':
      if (state.involvedProviderIds.length < JOURNEY_LIMITS.involvedProviders) return undefined;
      return refused(
        'invalid',
        'involved-providers-limit',
        `at most ${JOURNEY_LIMITS.involvedProviders} providers may be involved in a journey at once`,
        'providerId',
      );
    default:
      return undefined;
  }
}
