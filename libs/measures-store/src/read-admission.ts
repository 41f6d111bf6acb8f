import { StallWatch } from '@waymark/observability';

export interface AdmissionLimits {
  /** Connections shared out: the readers' pool size, so a read that is let in never waits for the pool. */
  connections: number;
  /** Reads that may wait their turn; the next is refused at once. */
  queueLimit: number;
  /** A read that has waited this long is refused. */
  queueTimeoutMs: number;
}

/** Why a read was not let in: too many waiting, waited too long, or the service is stopping. */
export class ReadRefused extends Error {
  override name = 'ReadRefused';
  constructor(readonly reason: 'queue-full' | 'queue-timeout' | 'closing') {
    super(`read refused: ${reason}`);
  }
}

interface Waiter {
  connections: number;
  grant: () => void;
  refuse: (reason: ReadRefused) => void;
}

/**
 * Lets reads at the readers' pool only when every connection each needs is free, all at once and first come first
 * served: no read ever holds a connection while it waits for another, so readers cannot deadlock the pool
 * between them (each answer reads on two connections that share a snapshot). Beyond the queue limit, or after
 * the queue timeout, a read is refused (the service answers 503 with Retry-After). Progress is watched for the
 * liveness probe.
 */
export class ReadAdmission {
  readonly watch: StallWatch;
  private free: number;
  private readonly queue: Waiter[] = [];
  private closed = false;

  constructor(
    private readonly limits: AdmissionLimits,
    now: () => number = Date.now,
  ) {
    if (!(limits.connections >= 1)) throw new Error('a read admission needs at least one connection');
    this.free = limits.connections;
    this.watch = new StallWatch(now);
  }

  /** Runs `read` once `connections` connections are its own; they are handed back when it settles. */
  async run<T>(connections: number, read: () => Promise<T>): Promise<T> {
    if (connections > this.limits.connections) {
      throw new Error(`a read of ${connections} connections can never run on ${this.limits.connections}`);
    }
    this.watch.arrive();
    try {
      await this.admit(connections);
    } catch (error) {
      this.watch.leave();
      throw error;
    }
    this.watch.moved();
    try {
      return await read();
    } finally {
      this.free += connections;
      this.watch.moved();
      this.watch.leave();
      this.grantWaiting();
    }
  }

  /** Refuses every waiting read and every later one; reads already in run to the end. */
  close(): void {
    this.closed = true;
    for (const waiter of this.queue.splice(0)) waiter.refuse(new ReadRefused('closing'));
  }

  private admit(connections: number): Promise<void> {
    if (this.closed) return Promise.reject(new ReadRefused('closing'));
    if (this.queue.length === 0 && this.free >= connections) {
      this.free -= connections;
      return Promise.resolve();
    }
    if (this.queue.length >= this.limits.queueLimit) return Promise.reject(new ReadRefused('queue-full'));
    return new Promise((resolve, reject) => {
      const giveUp = () => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(new ReadRefused('queue-timeout'));
        this.grantWaiting(); // a larger read leaving the head may let smaller ones behind it in
      };
      // (setTimeout would take Infinity for 1 ms.)
      const timer = Number.isFinite(this.limits.queueTimeoutMs)
        ? setTimeout(giveUp, this.limits.queueTimeoutMs)
        : undefined;
      const waiter: Waiter = {
        connections,
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
        refuse: (reason) => {
          clearTimeout(timer);
          reject(reason);
        },
      };
      this.queue.push(waiter);
    });
  }

  /** First come first served: the head waits for room rather than be overtaken by smaller reads. */
  private grantWaiting(): void {
    while (this.queue.length > 0 && this.free >= this.queue[0].connections) {
      const waiter = this.queue.shift() as Waiter;
      this.free -= waiter.connections;
      waiter.grant();
    }
  }
}
