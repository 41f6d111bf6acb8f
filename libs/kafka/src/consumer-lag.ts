import type { Admin } from 'kafkajs';
import { JOURNEY_EVENTS_TOPIC } from './topics';

export interface PartitionLag {
  partition: number;
  /** Messages written to the partition that the group has not committed past yet. */
  lag: number;
}

/**
 * Each partition's lag: its high watermark (the next offset to be written) minus the group's committed offset.
 * A partition the group has never committed on (`-1`) lags by everything still kept in it (high minus low).
 */
export function partitionLags(
  ends: { partition: number; high: string; low: string }[],
  committed: { partition: number; offset: string }[],
): PartitionLag[] {
  const at = new Map(committed.map(({ partition, offset }) => [partition, BigInt(offset)]));
  return ends.map(({ partition, high, low }) => {
    const offset = at.get(partition) ?? -1n;
    const from = offset < 0n ? BigInt(low) : offset;
    const lag = BigInt(high) - from;
    return { partition, lag: Number(lag > 0n ? lag : 0n) };
  });
}

/** How far a consumer group is behind on the journey-event topic, per partition. */
export async function journeyEventsLag(admin: Admin, groupId: string): Promise<PartitionLag[]> {
  const [ends, [committed]] = await Promise.all([
    admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC),
    admin.fetchOffsets({ groupId, topics: [JOURNEY_EVENTS_TOPIC] }),
  ]);
  return partitionLags(ends, committed?.partitions ?? []);
}
