import type { JourneyEvent } from '@waymark/event-contracts';
import { journeyEvents } from '@waymark/test-support';

/** A resolved, sustained journey in area N1: contact (failure), assessment, closure and follow-up. */
export function sustainedJourney(openedAt: string, closedAt: string, minutes = 30): JourneyEvent[] {
  const j = journeyEvents();
  const sustainedAt = new Date(Date.parse(closedAt) + 90 * 86_400_000).toISOString();
  return [
    j.event('opened', openedAt, { leadProviderId: 'council', areaCode: 'N1', ageBand: '25-34' }),
    j.event('contact-recorded', openedAt, {
      providerId: 'council',
      channel: 'phone',
      minutesSpent: minutes,
      demand: 'failure',
      failureReason: 'chasing-progress',
    }),
    j.event('assessment-recorded', openedAt, { providerId: 'council', assessmentType: 'needs', minutesSpent: 0 }),
    j.event('closed', closedAt, { providerId: 'council', outcome: 'resolved', followUpEndsAt: sustainedAt }),
    j.event('resolution-sustained', sustainedAt, { closedAt, followUpDays: 90 }),
  ];
}

/** 40 journeys of the council in N1 over eight months, closed after 0–28 days. */
export const spread = () =>
  Array.from({ length: 40 }, (_, i) => {
    const opened = Date.parse('2026-01-05T10:00:00Z') + i * 3.7 * 86_400_000;
    const closed = opened + ((i * 37) % 29) * 86_400_000 + i * 60_000;
    return sustainedJourney(new Date(opened).toISOString(), new Date(closed).toISOString(), i);
  });
