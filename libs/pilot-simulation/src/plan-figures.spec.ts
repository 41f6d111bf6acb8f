import type { JourneyPlan, PlannedCommand } from './journey-builder';
import { countsOf, headline, median } from './plan-figures';

const AS_OF = Date.parse('2026-12-01T00:00:00Z');

function journey(
  lead: string,
  openedAt: string,
  commands: [string, PlannedCommand['type'], Record<string, unknown>][],
) {
  const planned = commands.map(
    ([occurredAt, type, body], i): PlannedCommand => ({
      type,
      actor: (body['actor'] as string | undefined) ?? lead,
      route: '',
      body: { occurredAt, ...body },
      answersHandOff: false,
      key: `k-${i}`,
    }),
  );
  const plan: JourneyPlan = {
    person: 0,
    design: 'assess-and-refer',
    lead,
    key: 'k-0',
    open: { personRef: 'p', areaCode: 'A', ageBand: '35-49', occurredAt: openedAt },
    commands: planned,
    closures: [],
  };
  return plan;
}

const value = (minutesSpent: number) => ({ demand: 'value', valueKind: 'new-need', minutesSpent });
const failure = (minutesSpent: number) => ({ demand: 'failure', failureReason: 'chasing-progress', minutesSpent });

/** Council £48 an hour, citizens-advice-north £30 (pilot-providers.ts). */
const council = 'council-adult-social-care';
const advice = 'citizens-advice-north';

// Sustained: resolved 20 days after opening, window over long before the period's end. 90 minutes at £48: £72.
const sustained = journey(council, '2026-01-05T09:00:00.000Z', [
  ['2026-01-05T09:00:00.000Z', 'record-contact', value(20)],
  ['2026-01-06T09:00:00.000Z', 'record-assessment', { minutesSpent: 60 }],
  ['2026-01-20T09:00:00.000Z', 'record-contact', failure(10)],
  ['2026-01-25T09:00:00.000Z', 'close-journey', { outcome: 'resolved' }],
]);
sustained.closures = [{ outcome: 'resolved', occurredAt: '2026-01-25T09:00:00.000Z' }];

// Reopened once, assessed twice, then resolved again within 90 days of the end: pending. 160 minutes at £30: £80.
const returned = journey(advice, '2026-02-02T09:00:00.000Z', [
  ['2026-02-02T09:00:00.000Z', 'record-contact', value(30)],
  ['2026-02-02T10:00:00.000Z', 'record-what-matters', {}],
  ['2026-02-03T09:00:00.000Z', 'request-hand-off', {}],
  ['2026-02-10T09:00:00.000Z', 'decline-hand-off', { actor: council }],
  ['2026-02-10T09:00:00.000Z', 'close-journey', { outcome: 'resolved' }],
  ['2026-03-01T09:00:00.000Z', 'record-contact', failure(10)],
  ['2026-03-02T09:00:00.000Z', 'record-assessment', { minutesSpent: 60 }],
  ['2026-03-03T09:00:00.000Z', 'record-assessment', { minutesSpent: 60 }],
  ['2026-10-01T09:00:00.000Z', 'close-journey', { outcome: 'resolved' }],
]);
returned.closures = [
  { outcome: 'resolved', occurredAt: '2026-02-10T09:00:00.000Z', reopenedAt: '2026-03-01T09:00:00.000Z' },
  { outcome: 'resolved', occurredAt: '2026-10-01T09:00:00.000Z' },
];

const unresolved = journey(council, '2026-04-01T09:00:00.000Z', [
  ['2026-04-01T09:00:00.000Z', 'close-journey', { outcome: 'unresolved' }],
]);
unresolved.closures = [{ outcome: 'unresolved', occurredAt: '2026-04-01T09:00:00.000Z' }];

const stillOpen = journey(advice, '2026-11-20T09:00:00.000Z', [
  ['2026-11-20T09:00:00.000Z', 'record-contact', value(0)],
]);

describe('figures from a plan', () => {
  const counts = countsOf([sustained, returned, unresolved, stillOpen], AS_OF);

  it('counts what the plan records, each closure by its follow-up as of the period end', () => {
    expect(counts).toMatchObject({
      journeys: 4,
      requests: 4 + 4 + 9 + 1 + 1,
      contacts: 2 + 2 + 1,
      failureContacts: 2,
      assessments: 3,
      referrals: 1,
      bouncedReferrals: 1,
      sustained: 1,
      reopened: 1,
      pending: 1,
      unresolved: 1,
      finalClosures: 3, // the sustained, the second closure of the returned journey, the unresolved
      finalWithWhatMatters: 1,
      finalAssessments: 1 + 2,
      finalRepeatAssessed: 1,
      endToEndDays: [20],
    });
    expect(counts.cost).toBeCloseTo(72 + 80, 9);
    expect(counts.sustainedCost).toBeCloseTo(72, 9);
  });

  it('derives the headline figures as docs/measures.md defines them', () => {
    const { volume, value: v } = headline(counts);
    expect(volume).toEqual({ contacts: 5, assessments: 3, referrals: 1, costPerContact: (72 + 80) / 5 });
    expect(v.failureDemandShare).toBe(2 / 5);
    expect(v.assessmentsPerJourney).toBe(1);
    expect(v.repeatAssessmentShare).toBe(1 / 3);
    expect(v.bouncedReferralRate).toBe(1);
    expect(v.whatMattersShare).toBe(1 / 3);
    expect(v.rePresentationRate).toBe(1 / 2);
    expect(v.sustainedResolutionRate).toBe(1 / 3);
    expect(v.endToEndMedianDays).toBe(20);
    expect(v.costPerSustainedResolution).toBeCloseTo(72, 9);
  });

  it('leaves a figure out when there is nothing to divide by', () => {
    expect(headline(countsOf([stillOpen], AS_OF)).value.sustainedResolutionRate).toBeNull();
    expect(median([])).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
