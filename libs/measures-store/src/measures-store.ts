import type { JourneyEvent } from '@waymark/event-contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Journey } from './entities/journey.entity';
import { ProcessedEvent } from './entities/processed-event.entity';

export interface ApplyResult {
  applied: number;
  duplicates: number;
}

/**
 * Writes journey events into the projections. A batch is one transaction: each
 * event's dedupe record and its projection change commit together, and an event
 * already recorded (by id, or by journey and seq) changes nothing.
 */
export class MeasuresStore {
  constructor(private readonly dataSource: DataSource) {}

  apply(events: JourneyEvent[]): Promise<ApplyResult> {
    return this.dataSource.transaction(async (tx) => {
      let applied = 0;
      for (const event of events) {
        if (await recordOnce(tx, event)) {
          await project(tx, event);
          applied++;
        }
      }
      return { applied, duplicates: events.length - applied };
    });
  }

  journeysOpened(): Promise<number> {
    return this.dataSource.getRepository(Journey).count();
  }
}

async function recordOnce(tx: EntityManager, event: JourneyEvent): Promise<boolean> {
  const result = await tx
    .createQueryBuilder()
    .insert()
    .into(ProcessedEvent)
    .values({
      eventId: event.id,
      journeyId: event.subject,
      seq: event.seq,
      recordedAt: new Date(event.recordedat),
    })
    .orIgnore()
    .returning(['eventId'])
    .execute();
  return result.raw.length > 0;
}

async function project(tx: EntityManager, event: JourneyEvent): Promise<void> {
  switch (event.type) {
    case 'waymark.journey.opened.v1':
      await tx.insert(Journey, {
        journeyId: event.subject,
        leadProviderId: event.data.leadProviderId,
        areaCode: event.data.areaCode,
        ageBand: event.data.ageBand,
        openedAt: new Date(event.time),
      });
  }
}
