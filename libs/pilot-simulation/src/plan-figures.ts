import { DAY_MS } from './calendar';
import { DESIGNS, DesignName } from './designs';
import { FOLLOW_UP_DAYS, JourneyPlan, PlannedCommand } from './journey-builder';
import type { PilotPlan } from './pilot-plan';
import { providerById } from './pilot-providers';

/**
 * The headline figures of a plan, per design, worked out from the planned commands as docs/measures.md defines them
 * (over the whole period rather than per published week or month, and exact: no disclosure bands). They let the user
 * see the contrast between the designs without the dashboard; the projection's own figures for the same journeys
 * agree (the pilot e2e test compares the counts).
 */
export interface PlanCounts {
  journeys: number;
  /** Requests: openings and commands. */
  requests: number;
  contacts: number;
  failureContacts: number;
  assessments: number;
  referrals: number;
  bouncedReferrals: number;
  /** Resolved closures whose follow-up window had passed by the period's end without a return, and so on. */
  sustained: number;
  reopened: number;
  pending: number;
  unresolved: number;
  /** Closures not followed by a reopening: a journey counts once, by its last closure. */
  finalClosures: number;
  finalWithWhatMatters: number;
  finalAssessments: number;
  finalRepeatAssessed: number;
  /** Days from opening to each sustained closure. */
  endToEndDays: number[];
  /** GBP: every recorded minute at its provider's rate; and of the journeys whose resolution was sustained. */
  cost: number;
  sustainedCost: number;
}

export interface HeadlineFigures {
  /** The old contract view: high counts look busy, a low cost per contact looks efficient. */
  volume: { contacts: number; assessments: number; referrals: number; costPerContact: number | null };
  value: {
    failureDemandShare: number | null;
    assessmentsPerJourney: number | null;
    repeatAssessmentShare: number | null;
    bouncedReferralRate: number | null;
    whatMattersShare: number | null;
    rePresentationRate: number | null;
    sustainedResolutionRate: number | null;
    endToEndMedianDays: number | null;
    costPerSustainedResolution: number | null;
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] as number) + (sorted[Math.ceil(mid)] as number)) / 2;
}

export function headline(c: PlanCounts): HeadlineFigures {
  return {
    volume: {
      contacts: c.contacts,
      assessments: c.assessments,
      referrals: c.referrals,
      costPerContact: ratio(c.cost, c.contacts),
    },
    value: {
      failureDemandShare: ratio(c.failureContacts, c.contacts),
      assessmentsPerJourney: ratio(c.finalAssessments, c.finalClosures),
      repeatAssessmentShare: ratio(c.finalRepeatAssessed, c.finalClosures),
      bouncedReferralRate: ratio(c.bouncedReferrals, c.referrals),
      whatMattersShare: ratio(c.finalWithWhatMatters, c.finalClosures),
      rePresentationRate: ratio(c.reopened, c.reopened + c.sustained),
      sustainedResolutionRate: ratio(c.sustained, c.sustained + c.reopened + c.unresolved),
      endToEndMedianDays: median(c.endToEndDays),
      costPerSustainedResolution: ratio(c.sustainedCost, c.sustained),
    },
  };
}

/** The counts of each design's journeys in the plan (a design with no journeys is left out). */
export function planCounts(plan: PilotPlan): Map<DesignName, PlanCounts> {
  const byDesign = new Map<DesignName, PlanCounts>();
  for (const design of DESIGNS) {
    const journeys = plan.journeys.filter((j) => j.design === design);
    if (journeys.length > 0) byDesign.set(design, countsOf(journeys, plan.end));
  }
  return byDesign;
}

export function countsOf(journeys: readonly JourneyPlan[], asOf: number): PlanCounts {
  const c: PlanCounts = {
    journeys: journeys.length,
    requests: 0,
    contacts: 0,
    failureContacts: 0,
    assessments: 0,
    referrals: 0,
    bouncedReferrals: 0,
    sustained: 0,
    reopened: 0,
    pending: 0,
    unresolved: 0,
    finalClosures: 0,
    finalWithWhatMatters: 0,
    finalAssessments: 0,
    finalRepeatAssessed: 0,
    endToEndDays: [],
    cost: 0,
    sustainedCost: 0,
  };
  for (const journey of journeys) {
    const of = (type: PlannedCommand['type']) => journey.commands.filter((command) => command.type === type);
    const contacts = of('record-contact');
    const assessments = of('record-assessment').length;
    const cost = journey.commands.reduce((sum, command) => sum + costOf(command), 0);
    c.requests += 1 + journey.commands.length;
    c.contacts += contacts.length;
    c.failureContacts += contacts.filter((command) => command.body['demand'] === 'failure').length;
    c.assessments += assessments;
    c.referrals += of('request-hand-off').length;
    c.bouncedReferrals += of('decline-hand-off').length;
    c.cost += cost;

    for (const closure of journey.closures) {
      const closedAt = Date.parse(closure.occurredAt);
      if (closure.outcome === 'unresolved') c.unresolved += 1;
      else if (closure.reopenedAt !== undefined) c.reopened += 1;
      else if (closedAt + FOLLOW_UP_DAYS * DAY_MS <= asOf) {
        c.sustained += 1;
        c.endToEndDays.push((closedAt - Date.parse(journey.open.occurredAt)) / DAY_MS);
        c.sustainedCost += cost;
      } else c.pending += 1;
    }
    const last = journey.closures[journey.closures.length - 1];
    if (last && last.reopenedAt === undefined) {
      c.finalClosures += 1;
      c.finalAssessments += assessments;
      if (assessments >= 2) c.finalRepeatAssessed += 1;
      if (of('record-what-matters').length > 0) c.finalWithWhatMatters += 1;
    }
  }
  return c;
}

/** GBP for the minutes a command records, at its provider's rate. */
function costOf(command: PlannedCommand): number {
  const minutes = command.body['minutesSpent'];
  return typeof minutes === 'number' ? (minutes * Number(providerById(command.actor).hourlyRate)) / 60 : 0;
}
