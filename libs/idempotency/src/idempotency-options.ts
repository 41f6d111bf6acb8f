import type { Request } from 'express';

export interface IdempotencyOptions {
  /**
   * Whom a request's Idempotency-Key belongs to (keys are scoped per caller), as set by the authentication guard,
   * which Nest runs before any interceptor. journey-api passes provider-access's `providerIdOf`.
   */
  callerOf(request: Request): string | undefined;
  /** How long an unfinished attempt holds its key before a retry may take it over; default 60 s. */
  leaseMs?: number;
  /** Delete records once they are this old, checking every `everyMs` (see IdempotencyPruner); none are if absent. */
  retention?: { afterMs: number; everyMs: number };
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');
