import { httpEnv, logEnv, temporalEnv } from '@waymark/config';
import { z } from 'zod';

export const apiConfigSchema = z.object({
  ...httpEnv(3000),
  ...logEnv,
  ...temporalEnv,
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
