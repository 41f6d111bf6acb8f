import { z } from 'zod';

export const listJourneysQuery = z
  .object({
    status: z.enum(['open', 'active', 'stalled', 'closed', 'sustained']).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    pageToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be a token from a previous page')
      .optional(),
  })
  .strict();

export type ListJourneysQuery = z.infer<typeof listJourneysQuery>;
