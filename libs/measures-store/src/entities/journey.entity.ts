import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per journey: the coarse attributes measures are broken down by. No person data. */
@Entity('journeys')
export class Journey {
  @PrimaryColumn({ name: 'journey_id', type: 'uuid' })
  journeyId!: string;

  @Column({ name: 'lead_provider_id', type: 'text' })
  leadProviderId!: string;

  @Column({ name: 'area_code', type: 'text' })
  areaCode!: string;

  @Column({ name: 'age_band', type: 'text' })
  ageBand!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;
}
