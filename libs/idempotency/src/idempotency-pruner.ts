import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IDEMPOTENCY_OPTIONS, IdempotencyOptions } from './idempotency-options';
import { IdempotencyStore } from './idempotency-store';

/**
 * Deletes idempotency records past their retention, once at start-up and then periodically, in every instance of the
 * service (concurrent pruners skip each other's rows). Part of the service rather than a job for a scheduler, so no
 * deployment can forget it.
 */
@Injectable()
export class IdempotencyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyPruner.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  onApplicationBootstrap(): void {
    const retention = this.options.retention;
    if (!retention) return;
    const prune = () => {
      this.running = this.running.then(() => this.prune(retention.afterMs));
    };
    prune();
    this.timer = setInterval(prune, retention.everyMs).unref();
  }

  /** Stops the timer and lets a prune under way finish before the connection closes. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async prune(afterMs: number): Promise<void> {
    try {
      const deleted = await this.store.prune(afterMs);
      if (deleted > 0) this.logger.log({ deleted, retentionMs: afterMs }, 'pruned idempotency records');
    } catch (error) {
      this.logger.error({ err: error }, 'could not prune idempotency records; will try again');
    }
  }
}
