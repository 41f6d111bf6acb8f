import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider's hourly cost rate: configuration set by ops, read whenever a cost is asked for. Not a projection. */
@Entity('cost_rates')
export class CostRate {
  @PrimaryColumn({ name: 'provider_id', type: 'text' })
  providerId!: string;

  /** GBP per hour with two decimals, as PostgreSQL numeric (a string, so no float rounding on the way). */
  @Column({ name: 'hourly_rate', type: 'numeric', precision: 10, scale: 2 })
  hourlyRate!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
