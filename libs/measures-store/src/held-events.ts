import type { JourneyEvent } from '@waymark/event-contracts';
import type { BatchProjection } from '@waymark/measures-projection';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Events held back behind a gap in their journey's seq (decision 0010). They are read and written inside the
 * batch's transaction, under its journey locks: a batch that fills a gap applies the held events and deletes them
 * in the same commit, so a crash either keeps them held or has them applied, never both or neither.
 */
export async function loadHeld(tx: EntityManager, journeyIds: string[]): Promise<Map<string, JourneyEvent[]>> {
  const rows: { event: JourneyEvent }[] = await tx.query(
    `SELECT event FROM held_events WHERE journey_id = ANY($1::uuid[]) ORDER BY journey_id, seq`,
    [journeyIds],
  );
  const held = new Map<string, JourneyEvent[]>();
  for (const { event } of rows) held.set(event.subject, [...(held.get(event.subject) ?? []), event]);
  return held;
}

/** Stores what the batch held (a copy already held stays as it was) and removes what it released. */
export async function saveHeld(tx: EntityManager, { held, released }: BatchProjection): Promise<void> {
  if (held.length > 0) {
    await tx.query(
      `INSERT INTO held_events (journey_id, seq, event)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::jsonb[])
       ON CONFLICT (journey_id, seq) DO NOTHING`,
      [held.map((e) => e.subject), held.map((e) => e.seq), held.map((e) => JSON.stringify(e))],
    );
  }
  if (released.length > 0) {
    await tx.query(
      `DELETE FROM held_events h USING unnest($1::uuid[], $2::int[]) AS r(journey_id, seq)
       WHERE h.journey_id = r.journey_id AND h.seq = r.seq`,
      [released.map((r) => r.journeyId), released.map((r) => r.seq)],
    );
  }
}

/** How many journeys hold events now (the alarm: it should come back to 0). */
export async function countHeldJourneys(db: DataSource | EntityManager): Promise<number> {
  const [row]: { n: string }[] = await db.query(`SELECT count(DISTINCT journey_id) AS n FROM held_events`);
  return Number(row?.n ?? 0);
}

/** Where the projection stands with one journey. */
export interface JourneyProgress {
  /** The last seq applied; 0 when the projection has never applied the journey's opened event. */
  lastSeq: number;
  /** Seqs held behind a gap, in order. */
  heldSeqs: number[];
}

/**
 * The projection's side of a repair check: for each journey asked about, how far it has been applied and what is
 * held. One query per call, by primary keys; callers ask for a page of journeys at a time.
 */
export class ProjectionProgress {
  constructor(private readonly dataSource: DataSource) {}

  async of(journeyIds: readonly string[]): Promise<Map<string, JourneyProgress>> {
    const rows: { journey_id: string; last_seq: number; held: number[] }[] = await this.dataSource.query(
      `SELECT j.id AS journey_id, COALESCE((f.facts->>'seq')::int, 0) AS last_seq,
              COALESCE((SELECT array_agg(h.seq ORDER BY h.seq) FROM held_events h WHERE h.journey_id = j.id),
                       '{}') AS held
       FROM unnest($1::uuid[]) AS j(id) LEFT JOIN journey_facts f ON f.journey_id = j.id`,
      [[...new Set(journeyIds)]],
    );
    return new Map(rows.map((r) => [r.journey_id, { lastSeq: r.last_seq, heldSeqs: r.held }]));
  }

  heldJourneys(): Promise<number> {
    return countHeldJourneys(this.dataSource);
  }

  /** Every journey holding events now (normally none, or a few). */
  async heldJourneyIds(): Promise<string[]> {
    const rows: { journey_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT journey_id FROM held_events ORDER BY journey_id`,
    );
    return rows.map((r) => r.journey_id);
  }
}
