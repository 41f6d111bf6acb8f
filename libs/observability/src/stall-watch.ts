/**
 * Tells a process that is slow from one that has stopped: work is pending (waiting or running), and nothing has
 * moved — no work granted, none finished — for some time. Work that fails still moved: a database that is down
 * makes reads fail fast, which is readiness' business, not liveness'. Feeds a liveness check.
 */
export class StallWatch {
  private pending = 0;
  private movedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Work arrived: it waits or runs from now on. */
  arrive(): void {
    if (this.pending++ === 0) this.movedAt = this.now();
  }

  /** Work moved on: it was granted what it waited for, or finished (either way). */
  moved(): void {
    this.movedAt = this.now();
  }

  /** Work left: finished, failed or gave up waiting. */
  leave(): void {
    this.pending = Math.max(0, this.pending - 1);
  }

  /** How long pending work has gone without anything moving; 0 when nothing is pending. */
  stalledMs(): number {
    return this.pending === 0 ? 0 : this.now() - this.movedAt;
  }

  /** Runs `work` as one unit: arrives, and moves and leaves when it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.arrive();
    try {
      return await work();
    } finally {
      this.moved();
      this.leave();
    }
  }
}
