import type { DECLINE_REASONS, FAILURE_REASONS, UNRESOLVED_REASONS } from '@waymark/event-contracts';
import type { CommandType } from '@waymark/journey-domain';
import { DAY_MS, later } from './calendar';
import type { DesignName } from './designs';
import type { Domain } from './pilot-providers';
import type { Random } from './random';

/** `POST /v1/journeys/{journeyId}/{route}` for each command (as apps/journey-api/src/journeys/command-routes.ts). */
export const COMMAND_ROUTE: Record<CommandType, string> = {
  'record-contact': 'contacts',
  'record-what-matters': 'what-matters',
  'record-assessment': 'assessments',
  'give-help': 'help',
  'rate-progress': 'progress-ratings',
  'involve-provider': 'involvements',
  'request-hand-off': 'hand-offs',
  'accept-hand-off': 'hand-off-acceptances',
  'decline-hand-off': 'hand-off-declines',
  'close-journey': 'closures',
};

/** The follow-up window the plan assumes (journey-api's JOURNEY_FOLLOW_UP_DAYS default). */
export const FOLLOW_UP_DAYS = 90;

export interface PlannedCommand {
  type: CommandType;
  /** The provider that sends it. */
  actor: string;
  route: string;
  /** The request body; an answer to a hand-off still needs the `handOffId` its request's answer gave. */
  body: Record<string, unknown>;
  answersHandOff: boolean;
  /** The Idempotency-Key it is sent with, the same on every run of the same simulation. */
  key: string;
}

export interface PlannedClosure {
  outcome: 'resolved' | 'unresolved';
  occurredAt: string;
  /** When the person came back inside the follow-up window (a re-presentation), if they did. */
  reopenedAt?: string;
}

export interface JourneyPlan {
  /** The person's number in the simulation (from 0). */
  person: number;
  design: DesignName;
  /** The provider that opens the journey (its first lead) and the opening's Idempotency-Key. */
  lead: string;
  key: string;
  open: { personRef: string; areaCode: string; ageBand: string; occurredAt: string };
  commands: PlannedCommand[];
  closures: PlannedClosure[];
}

type FailureReason = (typeof FAILURE_REASONS)[number];
type Channel = 'in-person' | 'home-visit' | 'phone' | 'video' | 'online' | 'letter' | 'other';
export type ContactKind =
  | { demand: 'value'; valueKind: 'new-need' | 'progress' }
  | { demand: 'failure'; failureReason: FailureReason };

/** How far inside the follow-up window a re-presentation must be: clear of its last moment. */
const WINDOW_MARGIN_MS = DAY_MS;

/**
 * One journey's commands, kept to the journey rules (libs/journey-domain/src/rules) on a small model of the journey:
 * work and contacts by the lead or an involved provider; involvements, hand-off requests and closure by the lead
 * only; an answer to a hand-off by the provider it is addressed to, one hand-off at a time; help only for
 * what-matters items already recorded; occurredAt never runs backwards; after a resolved closure only a
 * re-presentation inside the follow-up window; nothing after an unresolved closure. A request the model should never
 * make throws (a bug in the model). Time moves on with {@link wait}; anything dated at or after the period's end is
 * left out, with everything after it, so the journey is simply still going when the period ends.
 */
export class JourneyBuilder {
  private t: number;
  private leadId: string;
  private involved: string[] = [];
  private pendingTo: string | undefined;
  private readonly items = new Map<Domain, string>();
  private status: 'open' | 'resolved' | 'unresolved' = 'open';
  private cut = false;
  readonly commands: PlannedCommand[] = [];
  readonly closures: PlannedClosure[] = [];

  constructor(
    private readonly rng: Random,
    private readonly settings: { keyPrefix: string; end: number; openedAt: number; lead: string },
  ) {
    this.t = settings.openedAt;
    this.leadId = settings.lead;
  }

  get lead(): string {
    return this.leadId;
  }

  /** Nothing more can happen: the journey ended, or the period did. */
  get finished(): boolean {
    return this.periodOver() || this.status === 'unresolved';
  }

  takesPart(provider: string): boolean {
    return provider === this.leadId || this.involved.includes(provider);
  }

  itemFor(domain: Domain): string | undefined {
    return this.items.get(domain);
  }

  get hasWhatMatters(): boolean {
    return this.items.size > 0;
  }

  get handOffPending(): boolean {
    return this.pendingTo !== undefined;
  }

  /** Moves time on by `days` (under a day: later the same day). */
  wait(days: number): void {
    this.t = later(this.t, days, this.rng);
  }

  contact(actor: string, kind: ContactKind, minutesSpent: number, channel: Channel): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    this.mustTakePart(actor);
    this.add('record-contact', actor, { channel, minutesSpent, ...kind });
  }

  /** The person comes back after a resolved closure, inside its follow-up window: the journey reopens. */
  represent(actor: string, failureReason: FailureReason, minutesSpent: number): void {
    if (this.periodOver()) return;
    const closure = this.closures[this.closures.length - 1];
    if (this.status !== 'resolved' || !closure) throw new Error('a re-presentation needs a resolved closure');
    this.mustTakePart(actor);
    const windowEnds = Date.parse(closure.occurredAt) + FOLLOW_UP_DAYS * DAY_MS - WINDOW_MARGIN_MS;
    if (this.t > windowEnds) throw new Error('a re-presentation must be inside the follow-up window');
    closure.reopenedAt = this.add('record-contact', actor, {
      channel: 'phone',
      minutesSpent,
      demand: 'failure',
      failureReason,
    });
    this.status = 'open';
  }

  /** Records what matters for the domains that have no item yet (nothing if all have). */
  whatMatters(actor: string, domains: readonly Domain[]): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    this.mustTakePart(actor);
    const fresh = [...new Set(domains)].filter((d) => !this.items.has(d));
    if (fresh.length === 0) return;
    const items = fresh.map((domain, i) => ({ itemId: `wm-${this.items.size + i + 1}`, domain }));
    this.add('record-what-matters', actor, { items });
    for (const { itemId, domain } of items) this.items.set(domain, itemId);
  }

  assessment(actor: string, assessmentType: string, minutesSpent: number): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    this.mustTakePart(actor);
    this.add('record-assessment', actor, { assessmentType, minutesSpent });
  }

  help(actor: string, domain: Domain, helpType: string, minutesSpent: number): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    this.mustTakePart(actor);
    const item = this.items.get(domain);
    if (!item) throw new Error(`help for ${domain} before what matters was recorded`);
    this.add('give-help', actor, { helpType, whatMattersItemIds: [item], minutesSpent });
  }

  rateProgress(actor: string, rating: number): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    this.mustTakePart(actor);
    this.add('rate-progress', actor, { rating });
  }

  involve(provider: string): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    if (this.takesPart(provider)) throw new Error(`${provider} already takes part`);
    this.add('involve-provider', this.leadId, { providerId: provider });
    this.involved.push(provider);
  }

  requestHandOff(to: string): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    if (to === this.leadId || this.pendingTo) throw new Error(`cannot hand off to ${to} now`);
    this.add('request-hand-off', this.leadId, { toProviderId: to });
    this.pendingTo = to;
  }

  acceptHandOff(): void {
    if (this.periodOver()) return;
    const to = this.mustBePending();
    this.add('accept-hand-off', to, {}, true);
    this.leadId = to;
    this.involved = this.involved.filter((p) => p !== to);
    this.pendingTo = undefined;
  }

  declineHandOff(reason: (typeof DECLINE_REASONS)[number]): void {
    if (this.periodOver()) return;
    const to = this.mustBePending();
    this.add('decline-hand-off', to, { reason }, true);
    this.pendingTo = undefined;
  }

  closeResolved(): void {
    this.close({ outcome: 'resolved', personConfirmed: true });
  }

  closeUnresolved(reason: (typeof UNRESOLVED_REASONS)[number]): void {
    this.close({ outcome: 'unresolved', reason });
  }

  private close(body: Record<string, unknown> & { outcome: 'resolved' | 'unresolved' }): void {
    if (this.periodOver()) return;
    this.mustBeOpen();
    const at = this.add('close-journey', this.leadId, body);
    this.pendingTo = undefined; // a closure withdraws a hand-off still awaiting its answer
    this.status = body.outcome;
    this.closures.push({ outcome: body.outcome, occurredAt: at });
  }

  /** Once the period has ended nothing more is recorded, and nothing is checked: the journey is still going. */
  private periodOver(): boolean {
    if (this.t >= this.settings.end) this.cut = true;
    return this.cut;
  }

  private mustBeOpen(): void {
    if (this.status !== 'open') throw new Error(`the journey is ${this.status}`);
  }

  private mustTakePart(actor: string): void {
    if (!this.takesPart(actor)) throw new Error(`${actor} takes no part in the journey`);
  }

  private mustBePending(): string {
    if (!this.pendingTo) throw new Error('no hand-off awaits an answer');
    return this.pendingTo;
  }

  /** Adds the command at the current time (before the period's end: see periodOver); returns its occurredAt. */
  private add(type: CommandType, actor: string, body: Record<string, unknown>, answersHandOff = false): string {
    const occurredAt = new Date(this.t).toISOString();
    this.commands.push({
      type,
      actor,
      route: COMMAND_ROUTE[type],
      body: { occurredAt, ...body },
      answersHandOff,
      key: `${this.settings.keyPrefix}-${this.commands.length + 1}`,
    });
    return occurredAt;
  }
}
