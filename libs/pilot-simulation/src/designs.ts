/**
 * The two system designs the pilot compares (DESIGN §1), as parameter tables for one journey model
 * (journey-model.ts). People behave the same under both ({@link PEOPLE}, {@link HELP}); only how the services are
 * designed differs, so every difference in the figures comes from the design.
 *
 * Days are [min, max) ranges drawn uniformly; chances are probabilities; minutes are per record.
 */

export const DESIGNS = ['assess-and-refer', 'local-by-default'] as const;
export type DesignName = (typeof DESIGNS)[number];

type Range = readonly [number, number];

export interface DesignParameters {
  /** A conversation about what matters to the person at the first contact, recording every need. */
  whatMattersFirst: number;
  /** A what-matters record made with an assessment, and what it covers: the assessing service's own domain (a box on
   *  its form), or everything that matters to the person. */
  whatMattersWithAssessment: number;
  whatMattersScope: 'own-service' | 'whole-person';
  /** A formal assessment before anything is done. */
  assessFirst: number;
  /** A new lead assesses again after a hand-off; a lead assesses again when the person comes back. */
  reassessAfterHandOff: number;
  reassessOnReturn: number;
  /** A need another kind of provider meets is handed off (the rest: that provider is involved, the lead stays). */
  referOn: number;
  /** A referral is declined (a bounced referral). */
  bounce: number;
  /** The person has to tell their story again to a new lead. */
  repeatStory: number;
  /** A record has to be put right (details lost between forms and services). */
  correctingError: number;
  /** Rounds of more help for a need still not met before closing; 0: close once the service's part is done. */
  extraRounds: number;
  /** The person is asked to rate their progress (at the start and at the end). */
  progressRated: number;
  /** Days waited for an assessment, an answer to a referral, an involved provider to start, help, closure. */
  assessmentWaitDays: Range;
  referralWaitDays: Range;
  involveWaitDays: Range;
  helpWaitDays: Range;
  closeAfterDays: Range;
  /** Minutes of the first contact, an assessment, a piece of help. */
  firstContactMinutes: Range;
  assessmentMinutes: Range;
  helpMinutes: Range;
  /** How the first contact happens (relative weights). */
  firstContactChannels: readonly (readonly ['phone' | 'online' | 'in-person' | 'home-visit', number])[];
}

/**
 * Assess and refer on: the front door triages and assesses, then refers each need it does not own to the service
 * that does; the person is handed on, waits, chases, is declined and re-referred, tells their story again and is
 * assessed again. Services close when their part is done, whether or not what matters is sorted, so people come
 * back. Contacts are short transactions (cheap per contact) and volume counts are high.
 */
export const ASSESS_AND_REFER: DesignParameters = {
  whatMattersFirst: 0.1, // the first call is triage against eligibility criteria, not a conversation
  whatMattersWithAssessment: 0.3, // sometimes a "what matters" box on the form…
  whatMattersScope: 'own-service', // …about that service's need only
  assessFirst: 0.9, // nothing happens before an assessment
  reassessAfterHandOff: 0.85, // each service runs its own assessment on what it receives
  reassessOnReturn: 0.8, // a person coming back starts again at assessment
  referOn: 0.9, // "not our remit": refer on
  bounce: 0.3, // referrals that do not meet the receiving service's criteria, or wait lists full
  repeatStory: 0.8, // no shared understanding travels with the referral
  correctingError: 0.1,
  extraRounds: 0, // the case closes once the service is delivered
  progressRated: 0.2, // outcomes are the service's, rarely the person's own rating
  assessmentWaitDays: [5, 20],
  referralWaitDays: [7, 28],
  involveWaitDays: [3, 10],
  helpWaitDays: [7, 21],
  closeAfterDays: [1, 7],
  firstContactMinutes: [10, 20],
  assessmentMinutes: [60, 120],
  helpMinutes: [30, 60],
  firstContactChannels: [
    ['phone', 60],
    ['online', 30],
    ['in-person', 10],
  ],
};

/**
 * Local by default: whoever the person comes to first has a conversation about what matters, takes responsibility
 * and keeps it, brings in the other services the person needs (involvement, not hand-off) and links help to what
 * matters; a formal assessment only where the law or safety needs one; the journey closes when the person says what
 * matters is sorted. Fewer, longer contacts (dear per contact), few referrals.
 */
export const LOCAL_BY_DEFAULT: DesignParameters = {
  whatMattersFirst: 0.95, // the first conversation is about what matters to the person
  whatMattersWithAssessment: 1, // the rare assessment starts from what matters too
  whatMattersScope: 'whole-person',
  assessFirst: 0.15, // proportionate: statutory or safety assessments only
  reassessAfterHandOff: 0.3,
  reassessOnReturn: 0.2,
  referOn: 0.1, // a hand-off only when another service really should lead
  bounce: 0.05, // agreed with the other service before asking
  repeatStory: 0.1, // a warm introduction by the lead
  correctingError: 0.03,
  extraRounds: 2, // keep working until the person says it is sorted
  progressRated: 0.9, // the person's own rating is how progress is judged
  assessmentWaitDays: [3, 10],
  referralWaitDays: [2, 7],
  involveWaitDays: [0, 3],
  helpWaitDays: [1, 7],
  closeAfterDays: [7, 21],
  firstContactMinutes: [30, 60],
  assessmentMinutes: [60, 120],
  helpMinutes: [45, 90],
  firstContactChannels: [
    ['in-person', 50],
    ['home-visit', 25],
    ['phone', 25],
  ],
};

export const DESIGN_PARAMETERS: Record<DesignName, DesignParameters> = {
  'assess-and-refer': ASSESS_AND_REFER,
  'local-by-default': LOCAL_BY_DEFAULT,
};

/** How people behave, whatever the design. */
export const PEOPLE = {
  /** How many needs someone brings (relative weights of 1, 2, 3). */
  needs: [
    [1, 35],
    [2, 40],
    [3, 25],
  ] as const,
  /** Chance, for each week spent waiting, that the person chases (failure demand: chasing progress). */
  chasePerWaitingWeek: 0.25,
  /** Chance the person contacts the lead again after being turned away by a referral (failure: wrong service). */
  contactAfterBounce: 0.7,
  /** Chance the person contacts the lead again when referred a second time (failure: re-referral). */
  contactOnReReferral: 0.5,
  /** Chance the person gives up after a bounced referral (closed unresolved, disengaged). */
  disengageAfterBounce: 0.25,
  /** Chance a journey ends unresolved for reasons no design changes (moved away, declined, other). */
  unresolvedAnyway: 0.06,
  /** Chance of coming back inside the follow-up window after a resolved closure: with a need still unmet, or not. */
  rePresentIfUnmet: 0.65,
  rePresentIfMet: 0.05,
  /** Days from a resolved closure to a re-presentation (inside the 90-day follow-up window). */
  returnDays: [7, 75] as Range,
  /** Minutes of a contact that is failure demand, and of a contact about progress. */
  failureContactMinutes: [5, 15] as Range,
  progressContactMinutes: [15, 30] as Range,
  /** Overall progress ratings (0–10): at the start; at the end with what matters sorted, or not. */
  startRating: [1, 4] as Range,
  endRatingMet: [7, 10] as Range,
  endRatingUnmet: [3, 6] as Range,
};

/**
 * Whether help meets a need: help linked to what matters to the person meets it far more often than a service
 * prescribed without knowing it ("prescribe packages rather than learn what improves a life", DESIGN §1).
 */
export const HELP = {
  meetsWhenLinkedToWhatMatters: 0.85,
  meetsOtherwise: 0.45,
};
