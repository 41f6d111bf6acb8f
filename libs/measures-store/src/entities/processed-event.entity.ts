import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** The dedupe record: one row per event applied, written in the same transaction as its projection change. */
@Entity('processed_events')
@Unique('uq_processed_events_journey_seq', ['journeyId', 'seq'])
export class ProcessedEvent {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
