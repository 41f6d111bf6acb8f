import type { JourneyEvent } from '@waymark/event-contracts';
import { PLACEABLE, unplaceableDate } from './placeable-dates';
import { projectBatch } from './project-batch';

const J = '00000000-0000-4000-8000-0000000000aa';
const opened = (time: string, journeyId = J) =>
  ({
    specversion: '1.0',
    id: `${journeyId}:1`,
    source: '/waymark/journeys',
    subject: journeyId,
    time,
    recordedat: '2026-11-29T12:00:00.000Z',
    seq: 1,
    datacontenttype: 'application/json',
    type: 'waymark.journey.opened.v1',
    data: { leadProviderId: 'council', areaCode: 'N1', ageBand: '25-34' },
  }) as JourneyEvent;

describe('dates the projections can place', () => {
  it.each([PLACEABLE.from, '2026-11-29T09:00:00.000Z', '9998-12-31T23:59:59.999Z'])('places %s', (time) => {
    expect(unplaceableDate(opened(time))).toBeUndefined();
  });

  it.each(['0050-06-01T12:00:00.000Z', '1900-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', PLACEABLE.before])(
    'cannot place %s, and says why',
    (time) => {
      expect(unplaceableDate(opened(time))).toBe(
        `time ${time} is outside the dates the projections can place (${PLACEABLE.from} to ${PLACEABLE.before})`,
      );
    },
  );

  it('a batch sets such an event aside, writes nothing of it, and goes on with the rest', () => {
    const early = opened('0050-06-01T12:00:00.000Z');
    const fine = opened('2026-06-01T12:00:00.000Z', '00000000-0000-4000-8000-0000000000bb');
    const result = projectBatch([early, fine], new Map(), 'Europe/London');
    expect(result.unplaceable).toEqual([{ event: early, reason: unplaceableDate(early) }]);
    expect(result.applied).toEqual([fine]);
    expect(result.facts.map((f) => f.journeyId)).toEqual([fine.subject]);
    expect(result.activity.every((a) => a.day === '2026-06-01')).toBe(true);
  });
});
