/** How a batch that fails is tried again before its events are tried apart. */
export interface RetryPolicy {
  /** Failed tries, counted only while the dependency is available, before a batch is split or an event given up. */
  tries: number;
  /** The wait after the first failure; it doubles after each, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { tries: 5, backoffMs: 500, maxBackoffMs: 10_000 };

/** What applying items needs from its caller. */
export interface IsolationSteps<T, R> {
  /** Applies the items atomically: all of them or none. */
  apply(items: T[]): Promise<R>;
  /**
   * Asked after each failure: can the dependency do other work now? No means an outage, which is waited out however
   * long it lasts and never counted against the items. Must not throw.
   */
  available(error: unknown): Promise<boolean>;
  /** Waits before the next try; throws to give up the whole run (e.g. the consumer is stopping). */
  wait(ms: number): Promise<void>;
  /** These items were applied (in order), with the result `apply` gave. */
  applied(items: T[], result: R): Promise<void>;
  /** This item failed `tries` times on its own while the dependency was available: it cannot be applied. */
  poison(item: T, error: unknown, tries: number): Promise<void>;
  /** Told of every failed try, for logs and metrics. */
  failed?(failure: { size: number; available: boolean; counted: number; error: unknown }): void;
}

type Attempt<R> = { ok: true; result: R } | { ok: false; error: unknown };

/**
 * Applies items in order so that one that can never be applied cannot hold up the rest for good. A failing run is
 * tried again with backoff. Once it has failed `tries` times while the dependency was available, it is split into
 * halves, applied in order, each tried once and halved again on failure, down to single items; a single item gets
 * `tries` counted tries of its own before it is handed to `poison`. So a fault that passes (a deadlock, a restart)
 * is outlasted, an outage is waited out, and only an item that fails on its own, with the dependency answering,
 * is given up. Parts that succeed are reported as they go, so the progress is kept.
 */
export async function applyIsolatingPoison<T, R>(
  items: T[],
  policy: RetryPolicy,
  steps: IsolationSteps<T, R>,
): Promise<void> {
  await applyPart(items, policy.tries, policy, steps);
}

async function applyPart<T, R>(items: T[], tries: number, policy: RetryPolicy, steps: IsolationSteps<T, R>) {
  if (items.length === 0) return;
  const outcome = await attempt(items, tries, policy, steps);
  if (outcome.ok) return steps.applied(items, outcome.result);
  if (items.length === 1) return steps.poison(items[0], outcome.error, tries);
  const middle = Math.ceil(items.length / 2);
  for (const part of [items.slice(0, middle), items.slice(middle)]) {
    // The whole run already failed its tries: a part of several items only needs to show where the fault is.
    await applyPart(part, part.length === 1 ? policy.tries : 1, policy, steps);
  }
}

async function attempt<T, R>(
  items: T[],
  tries: number,
  policy: RetryPolicy,
  steps: IsolationSteps<T, R>,
): Promise<Attempt<R>> {
  let counted = 0;
  let backoff = policy.backoffMs;
  let wasAvailable = true;
  for (;;) {
    try {
      return { ok: true, result: await steps.apply(items) };
    } catch (error) {
      const available = await steps.available(error);
      if (available) counted++;
      steps.failed?.({ size: items.length, available, counted, error });
      if (available && counted >= tries) return { ok: false, error };
      if (available && !wasAvailable) backoff = policy.backoffMs; // back from an outage: count again at a quick pace
      wasAvailable = available;
      await steps.wait(backoff);
      backoff = Math.min(backoff * 2, policy.maxBackoffMs);
    }
  }
}
