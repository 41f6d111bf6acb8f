import type { JourneyEvent } from '@waymark/event-contracts';
import { DEFAULT_TIME_ZONE } from '@waymark/measures-maths';
import { Gap, JourneyFacts, projectBatch } from '@waymark/measures-projection';
import { DataSource, EntityManager } from 'typeorm';
import { countHeldJourneys, loadHeld, saveHeld } from './held-events';
import { writeProjection } from './projection-writer';
import { deriveRollups, ROLLUP_TABLES, RollupScope, RollupTable } from './rollups';

export interface ApplyResult {
  applied: number;
  duplicates: number;
  /** Events that cannot be placed: the caller dead-letters them. Nothing of theirs was written. */
  unplaceable: { event: JourneyEvent; reason: string }[];
  /** recordedat of each applied event, for the freshness metric (observed once the commit is done). */
  recordedAt: string[];
  /** Events held back behind a gap in their journey's seq by this batch, and journeys that began holding. */
  held: number;
  gaps: Gap[];
  /** Held events this batch applied or found to be duplicates. */
  released: number;
  /** Journeys holding events once this batch committed; only counted when the batch held or released any. */
  heldJourneys?: number;
}

/**
 * Every projection table: what a rebuild builds afresh and swaps in (projection-rebuild.ts), and what clear()
 * empties. Cost rates are configuration and stay.
 */
export const PROJECTION_TABLES = [
  'journey_facts',
  'closures',
  'measure_counts',
  'measure_closures',
  'measure_minutes',
  'measure_values',
  'held_events',
  'projection_watermark',
] as const;

/**
 * Writes journey events into the projections. A batch is one transaction: each journey's facts (which hold its
 * last applied seq, the dedupe record) and every row the batch changes commit together, so an event delivered
 * twice, or replayed, changes nothing.
 */
export class MeasuresProjector {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {}

  /**
   * `scope` 'days' writes only each provider-and-area's days, for a rebuild: call completeRollups() after the
   * last batch (rollups.ts).
   */
  apply(events: readonly JourneyEvent[], scope: RollupScope = 'all'): Promise<ApplyResult> {
    if (events.length === 0) {
      return Promise.resolve({
        applied: 0,
        duplicates: 0,
        unplaceable: [],
        recordedAt: [],
        held: 0,
        gaps: [],
        released: 0,
      });
    }
    return this.dataSource.transaction(async (tx) => {
      const journeyIds = [...new Set(events.map((e) => e.subject))].sort();
      await lockJourneys(tx, journeyIds);
      const [facts, held] = [await loadFacts(tx, journeyIds), await loadHeld(tx, journeyIds)];
      const batch = projectBatch(events, facts, this.timeZone, held);
      await writeProjection(tx, batch, scope);
      await saveHeld(tx, batch);
      const holdingChanged = batch.held.length > 0 || batch.released.length > 0;
      return {
        applied: batch.applied.length,
        duplicates: batch.duplicates,
        unplaceable: batch.unplaceable,
        recordedAt: batch.applied.map((e) => e.recordedat),
        held: batch.held.length,
        gaps: batch.gaps,
        released: batch.released.length,
        ...(holdingChanged ? { heldJourneys: await countHeldJourneys(tx) } : {}),
      };
    });
  }

  /**
   * After a rebuild's last batch: works out every week, month and every-provider or every-area row from the
   * provider-and-area days, one table per transaction, two at a time.
   */
  async completeRollups(): Promise<void> {
    const { values, activity, minutes, closures } = ROLLUP_TABLES;
    const tables: RollupTable[] = [values, activity, minutes, closures]; // longest first
    const next = async (): Promise<void> => {
      const table = tables.shift();
      if (!table) return;
      await this.dataSource.transaction(async (tx) => {
        for (const statement of deriveRollups(table)) await tx.query(statement);
      });
      return next();
    };
    await Promise.all([next(), next()]);
  }

  /** Empties every projection: nothing applied yet. */
  async clear(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
      await tx.query(`INSERT INTO projection_watermark (id, events_applied) VALUES (1, 0)`);
    });
  }

  /** Journeys holding events behind a gap now. */
  heldJourneys(): Promise<number> {
    return countHeldJourneys(this.dataSource);
  }

  watermark(): Promise<Watermark> {
    return readWatermark(this.dataSource.manager);
  }
}

/** How far the projections have got: the newest event applied, when they last changed, how many events. */
export interface Watermark {
  lastRecordedAt: Date | null;
  lastAppliedAt: Date | null;
  eventsApplied: number;
}

export async function readWatermark(db: EntityManager): Promise<Watermark> {
  const [row]: { last_recorded_at: Date | null; last_applied_at: Date | null; events_applied: string }[] =
    await db.query(`SELECT last_recorded_at, last_applied_at, events_applied FROM projection_watermark WHERE id = 1`);
  return {
    lastRecordedAt: row.last_recorded_at,
    lastAppliedAt: row.last_applied_at,
    eventsApplied: Number(row.events_applied),
  };
}

/**
 * One journey's events live in one partition, so normally one consumer touches a journey at a time; during a
 * rebalance two may overlap. Locking the batch's journeys (in a fixed order, so two batches cannot deadlock)
 * makes the second wait and then see the first one's seq.
 */
async function lockJourneys(tx: EntityManager, journeyIds: string[]): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM unnest($1::text[]) AS id ORDER BY id`, [
    journeyIds,
  ]);
}

async function loadFacts(tx: EntityManager, journeyIds: string[]): Promise<Map<string, JourneyFacts>> {
  const rows: { facts: JourneyFacts }[] = await tx.query(
    `SELECT facts FROM journey_facts WHERE journey_id = ANY($1::uuid[])`,
    [journeyIds],
  );
  return new Map(rows.map((r) => [r.facts.journeyId, r.facts]));
}
