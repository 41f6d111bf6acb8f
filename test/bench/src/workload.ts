import {
  AGE_BANDS,
  ASSESSMENT_TYPES,
  CONTACT_CHANNELS,
  DECLINE_REASONS,
  FAILURE_REASONS,
  HELP_TYPES,
  UNRESOLVED_REASONS,
  VALUE_KINDS,
  WHAT_MATTERS_DOMAINS,
} from '@waymark/event-contracts';
import type { CommandBody, CommandType, OpenJourneyBody } from '@waymark/journey-domain';
import { providerClient } from '@waymark/test-support';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isOk, Sample } from './stats';

/**
 * Simulated providers: each is one loop with one request in flight that opens journeys
 * and works on them the way a case system would, through the providers' API only.
 * The mix (per command on a journey the provider leads): contacts 30 % (a third of them
 * failure demand), what matters 10 %, help for recorded items 15 %, assessments 8 %,
 * progress ratings 15 %, involving another provider 3 %, hand-offs 2 % (the other provider
 * accepts three in four), closures 4 % (70 % resolved); a provider keeps about three
 * journeys going, opens a new one when it has fewer, answers hand-offs addressed to it
 * first, works now and then on journeys it was brought into, and once in a while sees a
 * person come back after a resolution (a re-presentation, which reopens the journey).
 */

/** Every POST sent, as the baseline replays it: one row per command. */
export interface SentCommand {
  journeyId: string;
  type: 'open-journey' | CommandType;
  body: unknown;
}

type JourneyState = 'open' | 'handing-off' | 'resolved' | 'done';

interface Journey {
  id: string;
  lead: SimulatedProvider;
  involved: SimulatedProvider[];
  items: string[];
  state: JourneyState;
  /** One command at a time per journey, as one caseworker's system would send them. */
  busy: boolean;
}

interface Reply {
  status: number;
  body: Record<string, unknown> | undefined;
}

export interface WorkloadSettings {
  apiUrl: string;
  /** ms on the run's clock (performance.now()) after which no new request starts. */
  stopAt: number;
  signal: AbortSignal;
  requestTimeoutMs: number;
  /** Asked before each open: an area code to open it in (a freshness probe's), or undefined for a usual one. */
  areaFor?: (at: number) => string | undefined;
  /** Told when an open with an area from `areaFor` failed. */
  onOpenFailed?: (areaCode: string) => void;
  /** Called with each journey the API opened (201), when its answer came (run clock), its area and occurredAt. */
  onOpened?: (journeyId: string, answeredAt: number, areaCode: string, occurredAt: string) => void;
}

/** What the whole run sent and what came back; filled in as it goes. */
export class Workload {
  readonly samples: Sample[] = [];
  readonly sent: SentCommand[][];
  /** Journeys the API opened in this run, and the events its answers reported for them. */
  readonly journeyIds: string[] = [];
  expectedEvents = 0;
  readonly providers: SimulatedProvider[];

  constructor(
    providers: { id: string; apiKey: string }[],
    readonly settings: WorkloadSettings,
  ) {
    this.providers = providers.map((p, index) => new SimulatedProvider(index, p.id, p.apiKey, this));
    this.sent = this.providers.map(() => []);
  }

  run(): Promise<void[]> {
    return Promise.all(this.providers.map((p) => p.run()));
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const chance = (p: number) => Math.random() < p;
const minutes = (max: number) => 5 + Math.floor(Math.random() * max);
const now = () => new Date().toISOString();
const remove = <T>(list: T[], item: T) => {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
};

type Action =
  | 'contact-value'
  | 'contact-failure'
  | 'what-matters'
  | 'help'
  | 'assessment'
  | 'progress'
  | 'involve'
  | 'hand-off'
  | 'close';

const LEAD_MIX: [Action, number][] = [
  ['contact-value', 20],
  ['contact-failure', 10],
  ['what-matters', 10],
  ['help', 15],
  ['assessment', 8],
  ['progress', 15],
  ['involve', 3],
  ['hand-off', 2],
  ['close', 4],
];
const INVOLVED_MIX: [Action, number][] = [
  ['contact-value', 30],
  ['contact-failure', 10],
  ['help', 25],
  ['assessment', 15],
  ['progress', 20],
];

function weighted(mix: [Action, number][]): Action {
  const total = mix.reduce((sum, [, w]) => sum + w, 0);
  let r = Math.random() * total;
  for (const [action, w] of mix) {
    r -= w;
    if (r < 0) return action;
  }
  return mix[0]?.[0] ?? 'contact-value';
}

class SimulatedProvider {
  private readonly client: ReturnType<typeof providerClient>;
  private readonly led: Journey[] = [];
  private readonly involvedIn: Journey[] = [];
  private readonly resolved: Journey[] = [];
  private readonly inbox: { journey: Journey; handOffId: string }[] = [];
  private opened = 0;

  constructor(
    private readonly index: number,
    readonly id: string,
    apiKey: string,
    private readonly workload: Workload,
  ) {
    this.client = providerClient(workload.settings.apiUrl, apiKey, {
      timeoutMs: workload.settings.requestTimeoutMs,
    });
  }

  async run(): Promise<void> {
    const { stopAt, signal } = this.workload.settings;
    while (!signal.aborted && performance.now() < stopAt) await this.step();
  }

  private async step(): Promise<void> {
    const offer = this.inbox.shift();
    if (offer) return this.answerHandOff(offer.journey, offer.handOffId);

    const comeBack = this.resolved.find((j) => !j.busy);
    if (comeBack && chance(0.01)) return this.withJourney(comeBack, () => this.represent(comeBack));

    const led = this.led.filter((j) => !j.busy);
    const involved = this.involvedIn.filter((j) => j.state === 'open' && !j.busy);
    if (involved.length > 0 && chance(0.15)) {
      const journey = pick(involved);
      return this.withJourney(journey, () => this.act(journey, weighted(INVOLVED_MIX)));
    }
    if (led.length === 0 || this.led.length < 3 || chance(0.02)) return this.open();
    const journey = pick(led);
    return this.withJourney(journey, () => this.act(journey, weighted(LEAD_MIX)));
  }

  private async withJourney(journey: Journey, work: () => Promise<void>): Promise<void> {
    journey.busy = true;
    try {
      await work();
    } finally {
      journey.busy = false;
    }
  }

  private async open(): Promise<void> {
    const { areaFor, onOpenFailed, onOpened } = this.workload.settings;
    const probeArea = areaFor?.(performance.now());
    const body: OpenJourneyBody = {
      personRef: `bench-${this.index}-${++this.opened}`,
      areaCode: probeArea ?? `E0500000${Math.floor(Math.random() * 10)}`,
      ageBand: pick(AGE_BANDS),
      occurredAt: now(),
    };
    const reply = await this.send('open', '/v1/journeys', body, 'open-journey', undefined);
    const journeyId = reply.body?.['journeyId'];
    if (!isOk(reply.status) || typeof journeyId !== 'string') {
      if (probeArea) onOpenFailed?.(probeArea);
      return;
    }
    this.led.push({ id: journeyId, lead: this, involved: [], items: [], state: 'open', busy: false });
    this.workload.journeyIds.push(journeyId);
    onOpened?.(journeyId, performance.now(), body.areaCode, body.occurredAt);
  }

  private async act(journey: Journey, action: Action): Promise<void> {
    const others = this.workload.providers.filter((p) => p !== journey.lead && !journey.involved.includes(p));
    if ((action === 'help' || action === 'progress') && journey.items.length === 0) action = 'what-matters';
    if (action === 'what-matters' && journey.items.length >= 8) action = 'help';
    if ((action === 'involve' || action === 'hand-off') && others.length === 0) action = 'contact-value';

    switch (action) {
      case 'contact-value':
      case 'contact-failure': {
        const common = { occurredAt: now(), channel: pick(CONTACT_CHANNELS), minutesSpent: minutes(60) };
        const body: CommandBody<'record-contact'> =
          action === 'contact-value'
            ? { ...common, demand: 'value', valueKind: pick(VALUE_KINDS) }
            : { ...common, demand: 'failure', failureReason: pick(FAILURE_REASONS) };
        await this.command(journey, 'contacts', 'record-contact', body);
        return;
      }
      case 'what-matters': {
        const count = 1 + Math.floor(Math.random() * 2);
        const items = Array.from({ length: count }, (_, i) => ({
          itemId: `item-${journey.items.length + i + 1}`,
          domain: pick(WHAT_MATTERS_DOMAINS),
          ...(chance(0.5) ? { text: 'wants to stay near the children’s school' } : {}),
        }));
        const body: CommandBody<'record-what-matters'> = { occurredAt: now(), items };
        if (await this.command(journey, 'what-matters', 'record-what-matters', body)) {
          journey.items.push(...items.map((i) => i.itemId));
        }
        return;
      }
      case 'help': {
        const body: CommandBody<'give-help'> = {
          occurredAt: now(),
          helpType: pick(HELP_TYPES),
          whatMattersItemIds: [pick(journey.items)],
          minutesSpent: minutes(90),
          ...(chance(0.3) ? { description: 'helped fill in the form together' } : {}),
        };
        await this.command(journey, 'help', 'give-help', body);
        return;
      }
      case 'assessment': {
        const body: CommandBody<'record-assessment'> = {
          occurredAt: now(),
          assessmentType: pick(ASSESSMENT_TYPES),
          minutesSpent: minutes(120),
        };
        await this.command(journey, 'assessments', 'record-assessment', body);
        return;
      }
      case 'progress': {
        const body: CommandBody<'rate-progress'> = {
          occurredAt: now(),
          rating: Math.floor(Math.random() * 11),
          ...(chance(0.6) ? { whatMattersItemId: pick(journey.items) } : {}),
        };
        await this.command(journey, 'progress-ratings', 'rate-progress', body);
        return;
      }
      case 'involve': {
        const other = pick(others);
        const body: CommandBody<'involve-provider'> = { occurredAt: now(), providerId: other.id };
        if (await this.command(journey, 'involvements', 'involve-provider', body)) {
          journey.involved.push(other);
          other.involvedIn.push(journey);
        }
        return;
      }
      case 'hand-off': {
        const other = pick(others);
        const body: CommandBody<'request-hand-off'> = { occurredAt: now(), toProviderId: other.id };
        const reply = await this.command(journey, 'hand-offs', 'request-hand-off', body);
        const handOffId = reply?.['handOffId'];
        if (typeof handOffId === 'string') {
          journey.state = 'handing-off';
          remove(this.led, journey);
          other.inbox.push({ journey, handOffId });
        }
        return;
      }
      case 'close': {
        const resolved = chance(0.7);
        const body: CommandBody<'close-journey'> = resolved
          ? { occurredAt: now(), outcome: 'resolved', personConfirmed: true }
          : { occurredAt: now(), outcome: 'unresolved', reason: pick(UNRESOLVED_REASONS) };
        if (await this.command(journey, 'closures', 'close-journey', body)) {
          remove(this.led, journey);
          journey.state = resolved ? 'resolved' : 'done';
          if (resolved) this.resolved.push(journey);
          if (this.resolved.length > 10) this.resolved.shift();
        }
        return;
      }
    }
  }

  /** The recipient answers: three in four accepted; a declined journey goes back to its lead. */
  private async answerHandOff(journey: Journey, handOffId: string): Promise<void> {
    const from = journey.lead;
    await this.withJourney(journey, async () => {
      if (chance(0.75)) {
        const body: CommandBody<'accept-hand-off'> = { occurredAt: now(), handOffId };
        if (await this.command(journey, 'hand-off-acceptances', 'accept-hand-off', body)) {
          journey.lead = this;
          journey.state = 'open';
          this.led.push(journey);
        }
      } else {
        const body: CommandBody<'decline-hand-off'> = { occurredAt: now(), handOffId, reason: pick(DECLINE_REASONS) };
        if (await this.command(journey, 'hand-off-declines', 'decline-hand-off', body)) {
          journey.state = 'open';
          from.led.push(journey);
        }
      }
    });
  }

  /** The person comes back inside the follow-up window: the contact reopens the journey. */
  private async represent(journey: Journey): Promise<void> {
    remove(this.resolved, journey);
    const body: CommandBody<'record-contact'> = {
      occurredAt: now(),
      channel: pick(CONTACT_CHANNELS),
      minutesSpent: minutes(30),
      demand: 'failure',
      failureReason: 'not-solved',
    };
    if (await this.command(journey, 'contacts', 'record-contact', body, 'contacts (re-presentation)')) {
      journey.state = 'open';
      this.led.push(journey);
    }
  }

  /** Sends one command; on any failure the journey's state is unknown, so the simulation leaves it alone. */
  private async command(
    journey: Journey,
    route: string,
    type: CommandType,
    body: unknown,
    kind: string = route,
  ): Promise<Record<string, unknown> | undefined> {
    const reply = await this.send(kind, `/v1/journeys/${journey.id}/${route}`, body, type, journey.id);
    if (isOk(reply.status)) return reply.body ?? {};
    journey.state = 'done';
    remove(this.led, journey);
    remove(this.resolved, journey);
    return undefined;
  }

  private async send(
    kind: string,
    path: string,
    body: unknown,
    type: SentCommand['type'],
    journeyId: string | undefined,
  ): Promise<Reply> {
    const start = performance.now();
    let status = 0;
    let reply: Record<string, unknown> | undefined;
    let detail: string | undefined;
    try {
      const response = await this.client.post(path, body);
      status = response.status;
      const text = await response.text();
      reply = parseObject(text);
      if (!isOk(status)) detail = String(reply?.['rule'] ?? reply?.['type'] ?? text.slice(0, 80));
    } catch (error) {
      detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 120) : String(error);
    }
    const end = performance.now();
    this.workload.samples.push({ kind, start, end, status, ...(detail ? { detail } : {}) });
    const id = journeyId ?? (typeof reply?.['journeyId'] === 'string' ? reply['journeyId'] : randomUUID());
    this.workload.sent[this.index]?.push({ journeyId: id, type, body });
    if (isOk(status)) {
      this.workload.expectedEvents += eventsIn(reply);
    }
    return { status, body: reply };
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A command's answer lists the events it produced; an open answers with the journey, whose seq counts them. */
function eventsIn(reply: Record<string, unknown> | undefined): number {
  const events = reply?.['events'];
  if (Array.isArray(events)) return events.length;
  const seq = reply?.['seq'];
  return typeof seq === 'number' ? seq : 0;
}
