import { EVENT_SOURCE, JourneyEvent, journeyEventId } from '@waymark/event-contracts';
import type { OpenJourneyCommand } from './commands';
import type { EventDraft } from './decision';
import type { JourneyState, JourneyStatus } from './state';

/** The state a journey starts in, before its opened event is applied. */
export function initialState(journeyId: string, command: OpenJourneyCommand): JourneyState {
  return {
    journeyId,
    personRef: command.personRef,
    status: 'open',
    leadProviderId: command.leadProviderId,
    involvedProviderIds: [],
    areaCode: command.areaCode,
    ageBand: command.ageBand,
    openedAt: command.occurredAt,
    lastActivityAt: command.occurredAt,
    whatMatters: [],
    helpNotes: [],
    reopenCount: 0,
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
  return events.reduce((s, event) => ({ ...applyEvent(s, event), seq: event.seq }), state);
}

const latest = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Work on the journey: it is active, and the stall clock restarts from the latest occurrence. */
const activity = (s: JourneyState, time: string, status: JourneyStatus = 'active'): JourneyState => ({
  ...s,
  status: s.status === 'open' || s.status === 'stalled' ? status : s.status,
  lastActivityAt: latest(s.lastActivityAt, time),
});

function applyEvent(s: JourneyState, event: JourneyEvent): JourneyState {
  switch (event.type) {
    case 'waymark.journey.opened.v1':
      return { ...s, status: 'open', openedAt: event.time, lastActivityAt: event.time };
    case 'waymark.journey.contact-recorded.v1':
    case 'waymark.journey.assessment-recorded.v1':
    case 'waymark.journey.help-given.v1':
    case 'waymark.journey.progress-rated.v1':
      return activity(s, event.time);
    case 'waymark.journey.what-matters-recorded.v1':
      return {
        ...activity(s, event.time),
        whatMatters: [...s.whatMatters, ...event.data.items.map((i) => ({ ...i, recordedAt: event.time }))],
      };
    case 'waymark.journey.hand-off-requested.v1':
      return { ...activity(s, event.time), pendingHandOff: { ...event.data, requestedAt: event.time } };
    case 'waymark.journey.hand-off-accepted.v1':
      return {
        ...activity(s, event.time),
        leadProviderId: event.data.toProviderId,
        involvedProviderIds: s.involvedProviderIds.filter((p) => p !== event.data.toProviderId),
        pendingHandOff: undefined,
      };
    case 'waymark.journey.hand-off-declined.v1':
      return { ...activity(s, event.time), pendingHandOff: undefined };
    case 'waymark.journey.provider-involved.v1':
      return { ...activity(s, event.time), involvedProviderIds: [...s.involvedProviderIds, event.data.providerId] };
    case 'waymark.journey.closed.v1':
      return {
        ...s,
        status: 'closed',
        pendingHandOff: undefined,
        closure:
          event.data.outcome === 'resolved'
            ? {
                outcome: 'resolved',
                closedAt: event.time,
                followUpEndsAt: event.data.followUpEndsAt,
                recordedAt: event.recordedat,
              }
            : { outcome: 'unresolved', closedAt: event.time, reason: event.data.reason },
      };
    case 'waymark.journey.stalled.v1':
      return { ...s, status: 'stalled' };
    case 'waymark.journey.reopened.v1':
      return {
        ...s,
        status: 'active',
        closure: undefined,
        reopenCount: s.reopenCount + 1,
        lastActivityAt: latest(s.lastActivityAt, event.time),
      };
    case 'waymark.journey.resolution-sustained.v1':
      return { ...s, status: 'sustained' };
  }
}
