/** What a consumer's health detail and metrics say about it (docs/operations.md, "When a dependency is down"). */
export interface ConsumerState {
  /** In its group and heard from the broker (a fetch, heartbeat or commit) within the last CONNECTED_WITHIN_MS. */
  connected: boolean;
  /** When it last committed offsets (ms since the epoch); undefined before its first commit in this process. */
  lastCommitAt?: number;
}

/**
 * A consumer in its group hears from the broker at least every 5 s (kafkajs's fetch wait; heartbeats every 3 s, also
 * while a batch waits out an outage): three such rounds of silence mean the broker is away.
 */
export const CONNECTED_WITHIN_MS = 15_000;

/**
 * Follows a consumer through kafkajs's instrumentation events. Pure: the caller passes the time, so the rules are
 * tested without a broker. A consumer in its group fetches every few seconds even when idle, so silence means the
 * broker is unreachable (kafkajs keeps retrying without a further event).
 */
export class ConsumerHealth {
  private joined = false;
  private lastHeardAt?: number;
  private lastCommitAt?: number;

  /** Joined (or rejoined) its group. */
  joinedGroup(now: number): void {
    this.joined = true;
    this.lastHeardAt = now;
  }

  /** A fetch or heartbeat answered by the broker. */
  heard(now: number): void {
    this.lastHeardAt = now;
  }

  committed(now: number): void {
    this.lastCommitAt = now;
    this.lastHeardAt = now;
  }

  /** Crashed, stopped or disconnected: out of its group until it joins again. */
  left(): void {
    this.joined = false;
  }

  state(now: number): ConsumerState {
    const recent = this.lastHeardAt !== undefined && now - this.lastHeardAt <= CONNECTED_WITHIN_MS;
    return { connected: this.joined && recent, lastCommitAt: this.lastCommitAt };
  }
}
