import { z } from 'zod';

/**
 * The closed vocabularies events use instead of free text, so measures can be
 * broken down and no narrative about a person ever reaches the event log.
 */
export const VALUE_KINDS = ['new-need', 'progress'] as const;
export const FAILURE_REASONS = [
  'chasing-progress',
  'repeating-story',
  'wrong-service',
  're-referral',
  'not-solved',
  'correcting-error',
] as const;
export const CONTACT_CHANNELS = ['in-person', 'home-visit', 'phone', 'video', 'online', 'letter', 'other'] as const;
export const WHAT_MATTERS_DOMAINS = [
  'housing',
  'money',
  'health',
  'mental-health',
  'relationships',
  'work',
  'learning',
  'safety',
  'daily-living',
  'community',
  'other',
] as const;
export const ASSESSMENT_TYPES = [
  'needs',
  'housing',
  'benefits',
  'care',
  'health',
  'employment',
  'risk',
  'other',
] as const;
export const HELP_TYPES = [
  'advice',
  'practical',
  'advocacy',
  'financial',
  'signposting',
  'emotional',
  'treatment',
  'other',
] as const;
export const DECLINE_REASONS = ['no-capacity', 'not-eligible', 'wrong-service', 'person-declined', 'other'] as const;
export const UNRESOLVED_REASONS = ['disengaged', 'moved-away', 'declined', 'other'] as const;

export const valueKind = z.enum(VALUE_KINDS);
export const failureReason = z.enum(FAILURE_REASONS);
export const contactChannel = z.enum(CONTACT_CHANNELS);
export const whatMattersDomain = z.enum(WHAT_MATTERS_DOMAINS);
export const assessmentType = z.enum(ASSESSMENT_TYPES);
export const helpType = z.enum(HELP_TYPES);
export const declineReason = z.enum(DECLINE_REASONS);
export const unresolvedReason = z.enum(UNRESOLVED_REASONS);

/** A provider-chosen id for one what-matters item, unique within its journey. */
export const whatMattersItemId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -');

/** Minutes of work; a single record is at most a day. */
export const minutesSpent = z.number().int().min(0).max(1440);

export const progressRating = z.number().int().min(0).max(10);

/** Hand-offs are named by the seq of their request event: `handoff-<seq>`. */
export const handOffId = z.string().regex(/^handoff-\d+$/, 'must be handoff-<number>');
