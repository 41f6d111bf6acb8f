import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A journey event held back until the gap before it in its journey's seq is filled (held-events.ts). Events carry
 * no person data, so neither does this.
 */
@Entity('held_events')
export class HeldEvent {
  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  /** The whole `JourneyEvent`, as it arrived. */
  @Column({ type: 'jsonb' })
  event!: object;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt!: Date;
}
