import { apiClientEnv, databaseEnv, httpEnv, logEnv, managementEnv, shutdownEnv } from '@waymark/config';
import { disclosureEnv } from '@waymark/measures-reading';
import { measuresEnv, measuresPoolsEnv } from '@waymark/measures-store';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true');

/**
 * The dashboard reads the projections' database directly, through the same reading use case, pools and disclosure
 * threshold as measures-service (so the measures variables mean the same here), and signs commissioners in with
 * the keys in its commissioner_access schema.
 */
export const dashboardConfigSchema = z.object({
  ...httpEnv(3003),
  ...managementEnv(3503),
  ...apiClientEnv,
  ...shutdownEnv,
  ...logEnv,
  ...databaseEnv,
  ...measuresPoolsEnv,
  ...disclosureEnv,
  /** The pilot's calendar: "this month" and "this week" in the default period follow it. */
  MEASURES_TIME_ZONE: measuresEnv.MEASURES_TIME_ZONE,
  /** Liveness fails once reads have been pending this long with nothing moving (as in measures-service). */
  MEASURES_STALL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * Cookies are sent over HTTPS only, with the `__Host-` prefix. Only a local stack served over plain HTTP on
   * 127.0.0.1 turns this off.
   */
  DASHBOARD_SECURE_COOKIE: flag(true),
  /** How long a sign-in lasts (it also ends on sign-out, and when the key it used is revoked). */
  DASHBOARD_SESSION_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(8 * 60),
  /**
   * Signs the CSRF tokens of the dashboard's forms. Instances behind one address must share it; unset, each process
   * makes its own at start-up (forms opened before a restart must then be reloaded).
   */
  DASHBOARD_CSRF_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});
export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;
export const DASHBOARD_CONFIG = Symbol('DASHBOARD_CONFIG');
