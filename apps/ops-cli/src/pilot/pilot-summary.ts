import { DesignName, headline, HeadlineFigures, PilotPlan, planCounts, PlanCounts } from '@waymark/pilot-simulation';
import { alignedTable } from '../output';
import type { JourneyResult } from './pilot-sender';

const count = (n: number) => n.toLocaleString('en-GB');
const percent = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)} %`);
const pounds = (x: number | null) => (x === null ? '-' : `£${x.toFixed(2)}`);
const days = (x: number | null) => (x === null ? '-' : x.toFixed(1));
const perJourney = (n: number, c: PlanCounts) => `${count(n)} (${(n / c.journeys).toFixed(1)} a journey)`;

type Row = [label: string, show: (f: HeadlineFigures, c: PlanCounts) => string];

/** The figures a commissioner reads, volume first (what a contract paid for), then value (DESIGN §6). */
const FIGURE_ROWS: Row[] = [
  ['volume: contacts', (f, c) => perJourney(f.volume.contacts, c)],
  ['volume: assessments', (f, c) => perJourney(f.volume.assessments, c)],
  ['volume: referrals', (f, c) => perJourney(f.volume.referrals, c)],
  ['volume: cost per contact', (f) => pounds(f.volume.costPerContact)],
  ['value: failure demand share', (f) => percent(f.value.failureDemandShare)],
  ['value: repeat-assessment share', (f) => percent(f.value.repeatAssessmentShare)],
  ['value: bounced-referral rate', (f) => percent(f.value.bouncedReferralRate)],
  ['value: what-matters share', (f) => percent(f.value.whatMattersShare)],
  ['value: re-presentation rate', (f) => percent(f.value.rePresentationRate)],
  ['value: sustained-resolution rate', (f) => percent(f.value.sustainedResolutionRate)],
  ['value: end-to-end days, median', (f) => days(f.value.endToEndMedianDays)],
  ['value: cost per sustained resolution', (f) => pounds(f.value.costPerSustainedResolution)],
];

/** The headline figures of each design in the plan, side by side. */
export function figuresTable(plan: PilotPlan): string[] {
  const designs = [...planCounts(plan)];
  const { from, to } = plan.options;
  return alignedTable([
    [`FIGURES FROM THE PLAN (${from} to ${to}, follow-ups as of ${to})`, ...designs.map(([d]) => d.toUpperCase())],
    ['journeys', ...designs.map(([, c]) => count(c.journeys))],
    ...FIGURE_ROWS.map(([label, show]) => [label, ...designs.map(([, c]) => show(headline(c), c))]),
  ]);
}

/** What was sent, per design: accepted (replays among them), refused, not sent. */
export function sendingTable(plan: PilotPlan, results: ReadonlyMap<number, JourneyResult>): string[] {
  const rows = new Map<DesignName, number[]>();
  for (const journey of plan.journeys) {
    const r = results.get(journey.person) ?? { accepted: 0, replayed: 0, skipped: 1 + journey.commands.length };
    const row = rows.get(journey.design) ?? [0, 0, 0, 0, 0, 0];
    const add = [1, 1 + journey.commands.length, r.accepted, r.replayed, r.refusal ? 1 : 0, r.skipped];
    rows.set(
      journey.design,
      row.map((n, i) => n + (add[i] as number)),
    );
  }
  return alignedTable([
    ['DESIGN', 'JOURNEYS', 'REQUESTS', 'ACCEPTED', 'OF WHICH REPLAYED', 'REFUSED', 'NOT SENT'],
    ...[...rows].map(([design, ns]) => [design, ...ns.map(count)]),
  ]);
}

export function refusalLines(results: ReadonlyMap<number, JourneyResult>, limit = 20): string[] {
  const refusals = [...results.values()].flatMap((r) => (r.refusal ? [r.refusal] : []));
  const lines = refusals
    .slice(0, limit)
    .map(
      (r) =>
        `refused: person ${r.person} (${r.design}), request ${r.step} (${r.type} by ${r.actor}): ${r.status} ` +
        `${r.rule}${r.detail ? ` — ${r.detail}` : ''}`,
    );
  if (refusals.length > limit) lines.push(`… and ${refusals.length - limit} more`);
  return lines;
}
