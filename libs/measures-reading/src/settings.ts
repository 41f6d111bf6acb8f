import { DEFAULT_DISCLOSURE_THRESHOLD } from '@waymark/measures-maths';
import { z } from 'zod';

/** What every service that publishes figures must agree on: measures-service's API and the dashboard alike. */
export const disclosureEnv = {
  /**
   * No published figure may pin a count below this: counts are shown in bands of 5 from the first multiple of 5 above
   * it, and rates and statistics only over such counts (docs/measures.md, decision 0013).
   */
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(DEFAULT_DISCLOSURE_THRESHOLD),
};
