import type { AGE_BANDS } from '@waymark/event-contracts';
import { DesignParameters, HELP, PEOPLE } from './designs';
import type { ContactKind, JourneyBuilder } from './journey-builder';
import {
  alternativeTo,
  Domain,
  DOMAIN_WEIGHTS,
  KIND_OF_DOMAIN,
  KIND_WORK,
  PILOT_PROVIDERS,
  PilotProvider,
  providerById,
  providerFor,
} from './pilot-providers';
import type { Random } from './random';

/** Someone who asks for help: where they live, who they ask first, and what matters to them. */
export interface Person {
  area: string;
  /** The northern or southern half of the pilot (which advice charity serves them). */
  half: 'north' | 'south';
  ageBand: (typeof AGE_BANDS)[number];
  frontDoor: PilotProvider;
  needs: Domain[];
}

const AGE_WEIGHTS: readonly (readonly [(typeof AGE_BANDS)[number], number])[] = [
  ['18-24', 8],
  ['25-34', 15],
  ['35-49', 22],
  ['50-64', 22],
  ['65-79', 20],
  ['80+', 10],
  ['unknown', 3],
];

export function drawPerson(rng: Random, areas: readonly string[]): Person {
  const areaIndex = rng.int([0, areas.length - 1]);
  const count = rng.weighted(PEOPLE.needs.map(([n, w]) => [n, w] as const));
  const needs: Domain[] = [];
  while (needs.length < count) {
    const domain = rng.weighted(DOMAIN_WEIGHTS);
    if (!needs.includes(domain)) needs.push(domain);
  }
  return {
    area: areas[areaIndex] as string,
    half: areaIndex < areas.length / 2 ? 'north' : 'south',
    ageBand: rng.weighted(AGE_WEIGHTS),
    frontDoor: rng.weighted(PILOT_PROVIDERS.map((p) => [p, p.frontDoorWeight] as const)),
    needs,
  };
}

interface Need {
  domain: Domain;
  met: boolean;
}

const minutes = (rng: Random, range: readonly [number, number]) => Math.round(rng.between(range));

/**
 * One person's journey under one design: the first contact, understanding (a what-matters conversation or an
 * assessment), each need met by the lead, by a provider it involves, or by a provider it hands the person to (who
 * may decline), the person waiting and chasing meanwhile, closure, and perhaps a re-presentation inside the
 * follow-up window, with a new episode. Every chance and duration comes from the design's table or from how people
 * behave (designs.ts).
 */
export function runJourney(person: Person, design: DesignParameters, rng: Random, b: JourneyBuilder): void {
  const needs: Need[] = person.needs.map((domain) => ({ domain, met: false }));
  const failure = (failureReason: Extract<ContactKind, { demand: 'failure' }>['failureReason']) =>
    b.contact(b.lead, { demand: 'failure', failureReason }, minutes(rng, PEOPLE.failureContactMinutes), 'phone');

  /** Waiting `days`, chasing now and then (at the lead: whoever has the journey now). */
  const waitChasing = (days: number) => {
    let left = days;
    while (left >= 7 && !b.finished) {
      b.wait(7);
      left -= 7;
      if (rng.chance(PEOPLE.chasePerWaitingWeek)) failure('chasing-progress');
    }
    b.wait(left);
  };

  const assess = () => {
    waitChasing(rng.between(design.assessmentWaitDays));
    const kind = providerById(b.lead).kind;
    b.assessment(b.lead, KIND_WORK[kind].assessment, minutes(rng, design.assessmentMinutes));
    if (rng.chance(design.whatMattersWithAssessment)) {
      const covered = needs.filter(
        (n) => design.whatMattersScope === 'whole-person' || KIND_OF_DOMAIN[n.domain] === kind,
      );
      b.whatMatters(
        b.lead,
        covered.map((n) => n.domain),
      );
    }
  };

  /** Help from `provider` (the lead or involved): linked to what matters when it was recorded. */
  const work = (need: Need, provider: string) => {
    waitChasing(rng.between(design.helpWaitDays));
    const kind = providerById(provider).kind;
    const linked = b.itemFor(need.domain) !== undefined;
    if (linked) b.help(provider, need.domain, KIND_WORK[kind].help, minutes(rng, design.helpMinutes));
    else b.contact(provider, { demand: 'value', valueKind: 'progress' }, minutes(rng, design.helpMinutes), 'phone');
    if (rng.chance(design.correctingError)) failure('correcting-error');
    need.met = rng.chance(linked ? HELP.meetsWhenLinkedToWhatMatters : HELP.meetsOtherwise);
  };

  /** Hands the person on for a need; false when no one took them (bounced twice, or they gave up). */
  const referOn = (need: Need, target: PilotProvider): boolean => {
    for (let attempt = 1; attempt <= 2 && !b.finished; attempt++) {
      b.wait(0);
      b.requestHandOff(target.id);
      waitChasing(rng.between(design.referralWaitDays));
      if (rng.chance(design.bounce)) {
        b.declineHandOff(rng.pick(['not-eligible', 'wrong-service', 'no-capacity'] as const));
        b.wait(rng.between([1, 5]));
        if (rng.chance(PEOPLE.contactAfterBounce)) failure('wrong-service');
        if (rng.chance(PEOPLE.disengageAfterBounce)) {
          b.closeUnresolved('disengaged');
          return false;
        }
        target = alternativeTo(target) ?? target;
        if (attempt === 1 && rng.chance(PEOPLE.contactOnReReferral)) failure('re-referral');
        continue;
      }
      b.acceptHandOff();
      if (rng.chance(design.repeatStory)) failure('repeating-story');
      if (rng.chance(design.reassessAfterHandOff)) assess();
      work(need, b.lead);
      return true;
    }
    return false;
  };

  const meet = (need: Need) => {
    const kind = KIND_OF_DOMAIN[need.domain];
    const holder = [b.lead, ...PILOT_PROVIDERS.map((p) => p.id)].find(
      (id) => b.takesPart(id) && providerById(id).kind === kind,
    );
    if (holder) return work(need, holder);
    const target = providerFor(kind, person.half);
    if (rng.chance(design.referOn)) return void referOn(need, target);
    b.wait(rng.between(design.involveWaitDays));
    b.involve(target.id);
    work(need, target.id);
  };

  const rate = (range: readonly [number, number]) => {
    if (b.hasWhatMatters && rng.chance(design.progressRated)) b.rateProgress(b.lead, rng.int(range));
  };

  // The first contact, then understanding what the person needs.
  const channel = rng.weighted(design.firstContactChannels);
  b.contact(b.lead, { demand: 'value', valueKind: 'new-need' }, minutes(rng, design.firstContactMinutes), channel);
  if (rng.chance(design.whatMattersFirst)) b.whatMatters(b.lead, person.needs);
  if (rng.chance(design.assessFirst)) assess();
  rate(PEOPLE.startRating);

  for (let episode = 1; !b.finished; episode++) {
    for (const need of needs.filter((n) => !n.met)) if (!b.finished) meet(need);
    for (let round = 0; round < design.extraRounds && !b.finished; round++) {
      for (const need of needs.filter((n) => !n.met)) if (!b.finished) meet(need);
    }
    if (b.finished) return;

    b.wait(rng.between(design.closeAfterDays));
    if (rng.chance(PEOPLE.unresolvedAnyway)) {
      b.closeUnresolved(rng.pick(['moved-away', 'declined', 'other'] as const));
      return;
    }
    const unmet = needs.some((n) => !n.met);
    rate(unmet ? PEOPLE.endRatingUnmet : PEOPLE.endRatingMet);
    b.closeResolved();

    // Back inside the follow-up window, because something was not sorted (or came back).
    if (episode >= 3 || !rng.chance(unmet ? PEOPLE.rePresentIfUnmet : PEOPLE.rePresentIfMet)) return;
    b.wait(rng.between(PEOPLE.returnDays));
    b.represent(b.lead, 'not-solved', minutes(rng, PEOPLE.failureContactMinutes));
    if (!unmet) rng.pick(needs).met = false;
    if (rng.chance(design.reassessOnReturn)) assess();
  }
}
