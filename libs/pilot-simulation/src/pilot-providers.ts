import type { ASSESSMENT_TYPES, HELP_TYPES, WHAT_MATTERS_DOMAINS } from '@waymark/event-contracts';

export type Domain = (typeof WHAT_MATTERS_DOMAINS)[number];

/** The five kinds of provider in the pilot, each with what it helps with. */
export type ProviderKind = 'council' | 'advice' | 'housing' | 'community-health' | 'employment';

export interface PilotProvider {
  id: string;
  kind: ProviderKind;
  /** Hourly cost rate in GBP (two decimals), as ops would set it. */
  hourlyRate: string;
  /** How often people come to it first (relative weight). */
  frontDoorWeight: number;
  /** Advice charities serve localities; every other provider serves the whole pilot. */
  areas?: 'north' | 'south';
}

/**
 * A small pilot: the council's adult team, three advice charities, and a housing, a community health and an
 * employment support service. Rates are plausible fully loaded hourly costs (2025/26): a council social worker
 * about £50, a community nurse or therapist in the high fifties, housing officers about £40, employment advisers
 * about £35, voluntary-sector advisers about £30. Front-door weights: a third of people ask the council first,
 * four in ten an advice charity, the rest the other services.
 */
export const PILOT_PROVIDERS: readonly PilotProvider[] = [
  { id: 'council-adult-social-care', kind: 'council', hourlyRate: '48.00', frontDoorWeight: 30 },
  { id: 'citizens-advice-north', kind: 'advice', hourlyRate: '30.00', frontDoorWeight: 15, areas: 'north' },
  { id: 'citizens-advice-south', kind: 'advice', hourlyRate: '30.00', frontDoorWeight: 15, areas: 'south' },
  { id: 'community-advice-hub', kind: 'advice', hourlyRate: '28.50', frontDoorWeight: 10 },
  { id: 'housing-options', kind: 'housing', hourlyRate: '40.00', frontDoorWeight: 12 },
  { id: 'community-health-trust', kind: 'community-health', hourlyRate: '56.00', frontDoorWeight: 10 },
  { id: 'employment-support-service', kind: 'employment', hourlyRate: '34.00', frontDoorWeight: 8 },
];

/** Which kind of provider helps with each domain of what matters. */
export const KIND_OF_DOMAIN: Record<Domain, ProviderKind> = {
  housing: 'housing',
  money: 'advice',
  health: 'community-health',
  'mental-health': 'community-health',
  relationships: 'advice',
  work: 'employment',
  learning: 'employment',
  safety: 'council',
  'daily-living': 'council',
  community: 'advice',
  other: 'advice',
};

/** How often each domain is among what matters to someone (relative weights). */
export const DOMAIN_WEIGHTS: readonly (readonly [Domain, number])[] = [
  ['money', 22],
  ['housing', 18],
  ['health', 12],
  ['mental-health', 12],
  ['daily-living', 12],
  ['work', 8],
  ['relationships', 6],
  ['safety', 4],
  ['community', 4],
  ['learning', 2],
];

/** The assessment each kind of provider does, and the help it gives. */
export const KIND_WORK: Record<
  ProviderKind,
  { assessment: (typeof ASSESSMENT_TYPES)[number]; help: (typeof HELP_TYPES)[number] }
> = {
  council: { assessment: 'care', help: 'practical' },
  advice: { assessment: 'benefits', help: 'advice' },
  housing: { assessment: 'housing', help: 'advocacy' },
  'community-health': { assessment: 'health', help: 'treatment' },
  employment: { assessment: 'employment', help: 'advice' },
};

/** The pilot's localities (area codes), the first half served by the northern advice charity. */
export const DEFAULT_AREAS: readonly string[] = ['RIVERSIDE', 'HILLTOP', 'OLD-TOWN', 'MEADOWS'];

export const providerById = (id: string): PilotProvider => {
  const provider = PILOT_PROVIDERS.find((p) => p.id === id);
  if (!provider) throw new Error(`no pilot provider ${id}`);
  return provider;
};

/** The provider of a kind that serves a person's area: for advice, the locality's charity when there is one. */
export function providerFor(kind: ProviderKind, localityHalf: 'north' | 'south'): PilotProvider {
  const ofKind = PILOT_PROVIDERS.filter((p) => p.kind === kind);
  return ofKind.find((p) => p.areas === localityHalf) ?? (ofKind[0] as PilotProvider);
}

/** Another provider of the same kind, if there is one: where a bounced referral is tried next. */
export function alternativeTo(provider: PilotProvider): PilotProvider | undefined {
  return PILOT_PROVIDERS.find((p) => p.kind === provider.kind && p.id !== provider.id && p.areas === undefined);
}
