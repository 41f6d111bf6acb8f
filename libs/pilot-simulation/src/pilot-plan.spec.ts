import { validateJourneyEvent } from '@waymark/event-contracts';
import { DEFAULT_AREAS, planCounts, planPilot, PilotOptions, PilotOptionsError, headline } from './index';
import { replayThroughRules } from './testing/rules-replay';

const YEAR = { from: '2025-12-01', to: '2026-11-30' };
const options = (over: Partial<PilotOptions> = {}): PilotOptions => ({
  seed: '1',
  people: 120,
  ...YEAR,
  schedule: { switchAt: '2026-06-01' },
  areas: DEFAULT_AREAS,
  ...over,
});
const journeyId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('a pilot plan', () => {
  it('is the same every time from the same seed, and another from another seed', () => {
    expect(planPilot(options())).toEqual(planPilot(options()));
    const other = planPilot(options({ seed: '2' }));
    expect(other.journeys.map((j) => j.open)).not.toEqual(planPilot(options()).journeys.map((j) => j.open));
  });

  it('only adds people when it grows: person n is the same whatever the size', () => {
    const small = planPilot(options({ people: 40 }));
    const large = planPilot(options({ people: 90 }));
    const byPerson = new Map(large.journeys.map((j) => [j.person, j]));
    for (const journey of small.journeys) expect(byPerson.get(journey.person)).toEqual(journey);
  });

  it('has the same people asking at the same moments under either design; only what services do differs', () => {
    const a = planPilot(options({ schedule: { design: 'assess-and-refer' } }));
    const l = planPilot(options({ schedule: { design: 'local-by-default' } }));
    const opens = (plan: typeof a) => plan.journeys.map((j) => ({ person: j.person, lead: j.lead, ...j.open }));
    const withoutRefs = (o: ReturnType<typeof opens>) => o.map(({ personRef: _ref, ...rest }) => rest);
    expect(withoutRefs(opens(a))).toEqual(withoutRefs(opens(l)));
    expect(a.journeys.map((j) => j.commands)).not.toEqual(l.journeys.map((j) => j.commands));
  });

  it('names every request with a key of its own, and another simulation with other keys', () => {
    const plan = planPilot(options());
    const keys = plan.journeys.flatMap((j) => [j.key, ...j.commands.map((c) => c.key)]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^pilot-[0-9a-f]{16}-\d+-\d+$/);
    for (const other of [
      options({ seed: '2' }),
      options({ to: '2026-11-29' }),
      options({ schedule: { design: 'local-by-default' } }),
      options({ areas: ['ELSEWHERE'] }),
    ]) {
      expect(planPilot(other).id).not.toBe(plan.id);
    }
    expect(planPilot(options({ people: 7 })).id).toBe(plan.id); // the size is not part of the name
  });

  it('runs assess-and-refer before the switch and local-by-default from it', () => {
    const plan = planPilot(options());
    for (const journey of plan.journeys) {
      const before = journey.open.occurredAt < '2026-06-01';
      expect(journey.design).toBe(before ? 'assess-and-refer' : 'local-by-default');
    }
    expect(new Set(plan.journeys.map((j) => j.design)).size).toBe(2);
  });

  it.each([
    ['one design', { design: 'assess-and-refer' as const }],
    ['the other', { design: 'local-by-default' as const }],
    ['a switch', { switchAt: '2026-06-01' }],
  ])('makes only journeys the journey rules accept (%s), in order, within the period', (_, schedule) => {
    for (const seed of ['1', '2', 'three']) {
      const plan = planPilot(options({ seed, schedule, people: 150 }));
      const now = new Date(plan.end + 6 * 3_600_000); // sent later on the day after the period
      let reopenings = 0;
      plan.journeys.forEach((journey, n) => {
        const { events } = replayThroughRules(journey, journeyId(n), now);
        for (const event of events) expect(validateJourneyEvent(event)).toMatchObject({ ok: true });
        reopenings += events.filter((e) => e.type === 'waymark.journey.reopened.v1').length;
        const times = [journey.open.occurredAt, ...journey.commands.map((c) => c.body['occurredAt'] as string)];
        expect([...times].sort()).toEqual(times);
        expect(Date.parse(times[times.length - 1] as string)).toBeLessThan(plan.end);
        expect(Date.parse(times[0] as string)).toBeGreaterThanOrEqual(Date.parse(`${YEAR.from}T00:00:00Z`));
      });
      // Every planned re-presentation reopened its journey, late records included.
      expect(reopenings).toBe(plan.journeys.flatMap((j) => j.closures).filter((c) => c.reopenedAt).length);
      expect(reopenings).toBeGreaterThan(0);
    }
  });

  it('refuses options it cannot plan, saying which', () => {
    const bad: [Partial<PilotOptions>, RegExp][] = [
      [{ from: '2026-13-01' }, /from must be a date/],
      [{ from: '2026-12-01' }, /from must not be after to/],
      [{ from: '2019-12-01' }, /pilot epoch/],
      [{ from: '2026-11-28' }, /at least a week/],
      [{ schedule: { switchAt: '2025-11-01' } }, /switch-at must be after from/],
      [{ people: 0 }, /people must be/],
      [{ areas: ['lower'] }, /area "lower"/],
      [{ areas: [] }, /at least one area/],
    ];
    for (const [over, message] of bad) {
      expect(() => planPilot(options(over))).toThrow(PilotOptionsError);
      expect(() => planPilot(options(over))).toThrow(message);
    }
  });
});

describe('the two designs, on a fixed seed', () => {
  const figures = (design: 'assess-and-refer' | 'local-by-default') => {
    const plan = planPilot(options({ people: 400, schedule: { design } }));
    const counts = planCounts(plan).get(design);
    if (!counts) throw new Error(`no ${design} journeys`);
    return { counts, ...headline(counts) };
  };
  const a = figures('assess-and-refer');
  const l = figures('local-by-default');
  const perJourney = (n: number, c: typeof a.counts) => n / c.journeys;

  it('look busier and cheaper per contact under assess-and-refer, by the old volume counts', () => {
    expect(perJourney(a.volume.contacts, a.counts)).toBeGreaterThan(2 * perJourney(l.volume.contacts, l.counts));
    expect(perJourney(a.volume.assessments, a.counts)).toBeGreaterThan(3 * perJourney(l.volume.assessments, l.counts));
    expect(perJourney(a.volume.referrals, a.counts)).toBeGreaterThan(3 * perJourney(l.volume.referrals, l.counts));
    expect(a.volume.costPerContact).toBeLessThan((l.volume.costPerContact as number) / 2);
  });

  it('show more failure demand, repeat assessment, bounced referrals and re-presentation under assess-and-refer', () => {
    expect(a.value.failureDemandShare).toBeGreaterThan(0.4);
    expect(l.value.failureDemandShare).toBeLessThan(0.2);
    expect(a.value.repeatAssessmentShare).toBeGreaterThan(0.4);
    expect(l.value.repeatAssessmentShare).toBeLessThan(0.1);
    expect(a.value.bouncedReferralRate).toBeGreaterThan(0.15);
    expect(a.value.bouncedReferralRate).toBeGreaterThan(2 * (l.value.bouncedReferralRate as number));
    expect(a.value.rePresentationRate).toBeGreaterThan(3 * (l.value.rePresentationRate as number));
  });

  it('show more sustained resolutions, sooner and cheaper, with what matters known, under local-by-default', () => {
    expect(l.value.sustainedResolutionRate).toBeGreaterThan(0.75);
    expect(a.value.sustainedResolutionRate).toBeLessThan(0.55);
    expect(l.value.whatMattersShare).toBeGreaterThan(0.9);
    expect(a.value.whatMattersShare).toBeLessThan(0.6);
    expect(a.value.endToEndMedianDays).toBeGreaterThan(2 * (l.value.endToEndMedianDays as number));
    expect(a.value.costPerSustainedResolution).toBeGreaterThan(l.value.costPerSustainedResolution as number);
  });
});
