import { EVENT_SOURCE, JourneyEvent, journeyEventId } from '@waymark/event-contracts';
import type { EventDraft } from './decision';
import type { OpenJourneyCommand } from './commands';
import type { JourneyState } from './state';

/** The state a journey starts in, before its opened event is applied. */
export function initialState(journeyId: string, command: OpenJourneyCommand): JourneyState {
  return {
    journeyId,
    personRef: command.personRef,
    status: 'open',
    leadProviderId: command.leadProviderId,
    areaCode: command.areaCode,
    ageBand: command.ageBand,
    openedAt: command.occurredAt,
    lastActivityAt: command.occurredAt,
    seq: 0,
  };
}

/** Gives drafts their envelope: deterministic id, gap-free seq, recorded time. */
export function stamp(state: JourneyState, drafts: EventDraft[], recordedAt: Date): JourneyEvent[] {
  return drafts.map((draft, i) => {
    const seq = state.seq + i + 1;
    return {
      specversion: '1.0',
      id: journeyEventId(state.journeyId, seq),
      source: EVENT_SOURCE,
      subject: state.journeyId,
      recordedat: recordedAt.toISOString(),
      seq,
      datacontenttype: 'application/json',
      ...draft,
    } as JourneyEvent;
  });
}

/** Applies accepted events to the state, in order. */
export function evolve(state: JourneyState, events: JourneyEvent[]): JourneyState {
  return events.reduce<JourneyState>((s, event) => {
    switch (event.type) {
      case 'waymark.journey.opened.v1':
        return {
          ...s,
          status: 'open',
          openedAt: event.time,
          lastActivityAt: event.time,
          seq: event.seq,
        };
    }
  }, state);
}
