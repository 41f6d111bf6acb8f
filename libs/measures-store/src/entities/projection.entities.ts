import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The projection tables (created by migrations, written with set-based SQL in projection-writer.ts). Nothing here
 * identifies a person: rows are counters by period, provider and area, or closures keyed by an opaque journey id.
 */
@Entity('journey_facts')
export class JourneyFactsRow {
  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  /** A `JourneyFacts` document (libs/measures-projection). */
  @Column({ type: 'jsonb' })
  facts!: object;
}

@Entity('closures')
export class Closure {
  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'date' })
  day!: string;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt!: Date;

  @Column({ name: 'provider_id', type: 'text' })
  providerId!: string;

  @Column({ name: 'area_code', type: 'text' })
  areaCode!: string;

  @Column({ type: 'text' })
  outcome!: 'resolved' | 'unresolved';

  @Column({ name: 'follow_up', type: 'text', nullable: true })
  followUp!: 'pending' | 'sustained' | 'reopened' | null;

  @Column({ type: 'boolean' })
  final!: boolean;

  @Column({ name: 'end_to_end_ms', type: 'bigint' })
  endToEndMs!: string;

  @Column({ name: 'accepted_hand_offs', type: 'integer' })
  acceptedHandOffs!: number;

  @Column({ type: 'integer' })
  assessments!: number;

  @Column({ name: 'what_matters_ms', type: 'bigint', nullable: true })
  whatMattersMs!: string | null;

  @Column({ name: 'progress_change', type: 'integer', nullable: true })
  progressChange!: number | null;
}

/** What every rollup row is keyed by: '' as provider or area means every one (see projection-writer.ts). */
abstract class RollupKey {
  @PrimaryColumn({ name: 'provider_id', type: 'text' })
  providerId!: string;

  @PrimaryColumn({ name: 'area_code', type: 'text' })
  areaCode!: string;

  @PrimaryColumn({ type: 'text' })
  grain!: 'day' | 'week' | 'month';

  /** The day, the week's Monday or the month's 1st. */
  @PrimaryColumn({ type: 'date' })
  period!: string;
}

/** Activity counts by metric. */
@Entity('measure_counts')
export class MeasureCount extends RollupKey {
  @PrimaryColumn({ type: 'text' })
  metric!: string;

  @Column({ type: 'bigint' })
  count!: string;
}

/** Closure counts (CLOSURE_COUNTS in measures-projection, in snake case). */
@Entity('measure_closures')
export class MeasureClosures extends RollupKey {
  @Column({ type: 'bigint' }) closures!: string;
  @Column({ type: 'bigint' }) unresolved!: string;
  @Column({ type: 'bigint' }) sustained!: string;
  @Column({ type: 'bigint' }) reopened!: string;
  @Column({ type: 'bigint' }) pending!: string;
  @Column({ type: 'bigint' }) final!: string;
  @Column({ name: 'accepted_hand_offs', type: 'bigint' }) acceptedHandOffs!: string;
  @Column({ type: 'bigint' }) assessments!: string;
  @Column({ name: 'repeat_assessed', type: 'bigint' }) repeatAssessed!: string;
  @Column({ name: 'with_what_matters', type: 'bigint' }) withWhatMatters!: string;
  @Column({ type: 'bigint' }) rated!: string;
}

/** Minutes by who did them: the period's work, or the work behind its sustained resolutions. */
@Entity('measure_minutes')
export class MeasureMinutes extends RollupKey {
  @PrimaryColumn({ type: 'text' })
  basis!: 'work' | 'sustained';

  @PrimaryColumn({ name: 'worker_provider_id', type: 'text' })
  workerProviderId!: string;

  @Column({ type: 'bigint' })
  minutes!: string;
}

/** Count histograms of the closure values whose percentiles are published. */
@Entity('measure_values')
export class MeasureValues extends RollupKey {
  @PrimaryColumn({ type: 'text' })
  measure!: 'end_to_end_ms' | 'what_matters_ms' | 'progress_change';

  /** The value divided by the measure's bucket width, truncated (measures-queries.ts VALUE_LOOKUPS). */
  @PrimaryColumn({ type: 'bigint' })
  bucket!: string;

  @Column({ type: 'bigint' })
  count!: string;
}

/** One row: how far the projections have got, for the freshness shown beside every figure. */
@Entity('projection_watermark')
export class ProjectionWatermark {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ name: 'last_recorded_at', type: 'timestamptz', nullable: true })
  lastRecordedAt!: Date | null;

  @Column({ name: 'last_applied_at', type: 'timestamptz', nullable: true })
  lastAppliedAt!: Date | null;

  @Column({ name: 'events_applied', type: 'bigint' })
  eventsApplied!: string;
}
