import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';

/** Runs from before this patch started a new timer after every command (decision 0024). */
export const ONE_TIMER_PATCH = 'one-timer-per-deadline';

interface Armed {
  at: number;
  rang: boolean;
  scope: CancellationScope;
}

/**
 * One timer for the journey's next deadline, kept across commands (decision 0024). Most commands move the deadline
 * later (a stall counts from the last activity), so the timer set for the earlier time stays and, when it rings
 * early, one is set for what is left. Only a deadline that moves earlier replaces it.
 */
export class Alarm {
  private armed: Armed | undefined;

  /** Waits until `changed` holds or the time `at` comes (forever without one); true if that time came. */
  async wait(changed: () => boolean, at: number | undefined): Promise<boolean> {
    if (at !== undefined && at <= Date.now()) return true;
    if (at !== undefined && (!this.armed || this.armed.at > at)) this.set(at);
    const armed = this.armed;
    await condition(() => changed() || armed?.rang === true);
    if (!armed?.rang) return false;
    this.armed = undefined;
    return armed.at === at;
  }

  private set(at: number): void {
    this.armed?.scope.cancel();
    const armed: Armed = { at, rang: false, scope: new CancellationScope() };
    armed.scope
      .run(() => sleep(at - Date.now()))
      .then(
        () => {
          armed.rang = true;
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
    this.armed = armed;
  }
}
