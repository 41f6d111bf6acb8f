import type { JourneyEvent, JourneyEventOf } from '@waymark/event-contracts';
import { localDate } from '@waymark/measures-maths';
import { JourneyFacts, openedFacts, Stamped } from './journey-facts';
import { countClosure } from './closure-effects';
import { ActivityDelta, ActivityMetric, ClosureRow, Effects } from './rows';

export type Projected =
  | { kind: 'applied'; facts: JourneyFacts; effects: Effects }
  | { kind: 'duplicate' }
  /** The event cannot be placed (a seq-1 event that is not an opened event); it goes to the dead letters. */
  | { kind: 'unplaceable'; reason: string };

const ms = (iso: string) => Date.parse(iso);

const none = (): Effects => ({ activity: [], closures: [], closureCounts: [], values: [], sustainedMinutes: [] });

/**
 * Projects one journey event: given what is known about its journey (undefined before the opened event), returns
 * the journey's new facts and the rows to add or rewrite. Pure; the store applies the result in one transaction.
 */
export function projectEvent(facts: JourneyFacts | undefined, event: JourneyEvent, timeZone: string): Projected {
  if (event.type === 'waymark.journey.opened.v1') {
    if (facts) return { kind: 'duplicate' };
    const opened = openedFacts(event.subject, event.seq, event.data.areaCode, event.time);
    const effects = none();
    effects.activity.push(delta(event, opened, 'opened', event.data.leadProviderId, timeZone));
    return { kind: 'applied', facts: opened, effects };
  }
  if (!facts)
    return { kind: 'unplaceable', reason: `journey ${event.subject} has no opened event before seq ${event.seq}` };
  if (event.seq <= facts.seq) return { kind: 'duplicate' };
  const next: JourneyFacts = { ...facts, seq: event.seq };
  const effects = none();
  apply(next, event, effects, timeZone);
  return { kind: 'applied', facts: next, effects };
}

function apply(f: JourneyFacts, event: JourneyEvent, out: Effects, timeZone: string): void {
  switch (event.type) {
    case 'waymark.journey.contact-recorded.v1': {
      const { providerId, minutesSpent } = event.data;
      work(f, providerId, minutesSpent);
      out.activity.push(delta(event, f, 'contact', providerId, timeZone, minutesSpent));
      if (event.data.demand === 'failure') {
        out.activity.push(delta(event, f, `failure.${event.data.failureReason}`, providerId, timeZone));
      }
      return;
    }
    case 'waymark.journey.assessment-recorded.v1':
      f.assessments++;
      work(f, event.data.providerId, event.data.minutesSpent);
      out.activity.push(delta(event, f, 'assessment', event.data.providerId, timeZone, event.data.minutesSpent));
      return;
    case 'waymark.journey.help-given.v1':
      work(f, event.data.providerId, event.data.minutesSpent);
      out.activity.push(delta(event, f, 'help', event.data.providerId, timeZone, event.data.minutesSpent));
      return;
    case 'waymark.journey.what-matters-recorded.v1':
      if (f.firstWhatMattersAt === null || ms(event.time) < ms(f.firstWhatMattersAt)) f.firstWhatMattersAt = event.time;
      return;
    case 'waymark.journey.hand-off-requested.v1': {
      const referral = { day: localDate(event.time, timeZone), providerId: event.data.fromProviderId };
      f.openReferrals = { ...f.openReferrals, [event.data.handOffId]: referral };
      out.activity.push(delta(event, f, 'referral', referral.providerId, timeZone));
      return;
    }
    case 'waymark.journey.hand-off-accepted.v1':
    case 'waymark.journey.hand-off-declined.v1':
      answerReferral(f, event, out);
      return;
    case 'waymark.journey.progress-rated.v1':
      if (event.data.whatMattersItemId === undefined) rate(f, event);
      return;
    case 'waymark.journey.closed.v1':
      close(f, event, out, timeZone);
      return;
    case 'waymark.journey.reopened.v1':
      if (f.pendingClosure) settle(f, 'reopened', out);
      else reopenSustained(f, out);
      return;
    case 'waymark.journey.resolution-sustained.v1': {
      const closure = settle(f, 'sustained', out);
      if (closure) {
        f.sustained = { closure, minutes: { ...f.minutes } };
        countSustainedMinutes(closure, f.minutes, 1, out);
      }
      return;
    }
    case 'waymark.journey.provider-involved.v1':
    case 'waymark.journey.stalled.v1':
      return;
    case 'waymark.journey.opened.v1':
      return; // handled by projectEvent
  }
}

function delta(
  event: JourneyEvent,
  f: Pick<JourneyFacts, 'areaCode'>,
  metric: ActivityMetric,
  providerId: string,
  timeZone: string,
  minutes = 0,
): ActivityDelta {
  return { day: localDate(event.time, timeZone), providerId, areaCode: f.areaCode, metric, count: 1, minutes };
}

function work(f: JourneyFacts, providerId: string, minutes: number): void {
  f.minutes = { ...f.minutes, [providerId]: (f.minutes[providerId] ?? 0) + minutes };
}

function answerReferral(
  f: JourneyFacts,
  event: JourneyEventOf<'waymark.journey.hand-off-accepted.v1' | 'waymark.journey.hand-off-declined.v1'>,
  out: Effects,
): void {
  const accepted = event.type === 'waymark.journey.hand-off-accepted.v1';
  if (accepted) f.acceptedHandOffs++;
  const { [event.data.handOffId]: referral, ...rest } = f.openReferrals;
  if (!referral) return;
  f.openReferrals = rest;
  out.activity.push({
    day: referral.day,
    providerId: referral.providerId,
    areaCode: f.areaCode,
    metric: accepted ? 'referral.accepted' : 'referral.declined',
    count: 1,
    minutes: 0,
  });
}

function rate(f: JourneyFacts, event: JourneyEventOf<'waymark.journey.progress-rated.v1'>): void {
  const rating: Stamped<number> = { time: event.time, seq: event.seq, value: event.data.rating };
  f.overallRatings++;
  // Events arrive in seq order, so on equal times the first keeps the earlier seq and the last takes the later.
  if (f.firstRating === null || ms(rating.time) < ms(f.firstRating.time)) f.firstRating = rating;
  if (f.lastRating === null || ms(rating.time) >= ms(f.lastRating.time)) f.lastRating = rating;
}

function close(f: JourneyFacts, event: JourneyEventOf<'waymark.journey.closed.v1'>, out: Effects, tz: string): void {
  const resolved = event.data.outcome === 'resolved';
  const closure: ClosureRow = {
    journeyId: f.journeyId,
    seq: event.seq,
    day: localDate(event.time, tz),
    closedAt: event.time,
    providerId: event.data.providerId,
    areaCode: f.areaCode,
    outcome: event.data.outcome,
    followUp: resolved ? 'pending' : null,
    final: true,
    endToEndMs: ms(event.time) - ms(f.openedAt),
    acceptedHandOffs: f.acceptedHandOffs,
    assessments: f.assessments,
    whatMattersMs: f.firstWhatMattersAt === null ? null : ms(f.firstWhatMattersAt) - ms(f.openedAt),
    progressChange:
      f.overallRatings >= 2 && f.firstRating && f.lastRating ? f.lastRating.value - f.firstRating.value : null,
  };
  f.pendingClosure = resolved ? closure : null;
  out.closures.push(closure);
  countClosure(closure, 1, out);
}

/** The minutes behind a sustained resolution, by the provider that worked them, added (1) or taken away (−1). */
function countSustainedMinutes(c: ClosureRow, byWorker: Record<string, number>, sign: 1 | -1, out: Effects): void {
  const { day, providerId, areaCode } = c;
  for (const [workerProviderId, minutes] of Object.entries(byWorker)) {
    if (minutes > 0)
      out.sustainedMinutes.push({ day, providerId, areaCode, workerProviderId, minutes: sign * minutes });
  }
}

/** A late re-presentation inside the window of a provisionally sustained resolution: it becomes a reopened one. */
function reopenSustained(f: JourneyFacts, out: Effects): void {
  if (!f.sustained) return;
  const { closure, minutes } = f.sustained;
  const reopened: ClosureRow = { ...closure, followUp: 'reopened', final: false };
  f.sustained = null;
  out.closures.push(reopened);
  countClosure(closure, -1, out);
  countClosure(reopened, 1, out);
  countSustainedMinutes(closure, minutes, -1, out);
}

/** The pending closure's follow-up ends: reopened (and no longer final) or sustained. */
function settle(f: JourneyFacts, followUp: 'reopened' | 'sustained', out: Effects): ClosureRow | null {
  const pending = f.pendingClosure;
  if (!pending) return null;
  const settled: ClosureRow = { ...pending, followUp, final: followUp === 'sustained' };
  f.pendingClosure = null;
  out.closures.push(settled);
  countClosure(pending, -1, out);
  countClosure(settled, 1, out);
  return settled;
}
