import { providerId as providerIdSchema } from '@waymark/event-contracts';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { CostRate } from './entities/cost-rate.entity';

/** Bad input to set(): the message names the value and the rule. */
export class CostRateInputError extends Error {
  override name = 'CostRateInputError';
}

const hourlyRate = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,2})?$/, 'must be an amount in pounds with at most two decimals, e.g. 42.50');

/** Providers' hourly cost rates: set by ops, read at query time so every cost follows the current rates. */
export class CostRates {
  constructor(private readonly dataSource: DataSource) {}

  async set(providerId: string, rate: string): Promise<void> {
    const provider = providerIdSchema.safeParse(providerId);
    if (!provider.success)
      throw new CostRateInputError(`provider id "${providerId}" ${provider.error.issues[0].message}`);
    const amount = hourlyRate.safeParse(rate);
    if (!amount.success) throw new CostRateInputError(`hourly rate "${rate}" ${amount.error.issues[0].message}`);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(CostRate)
      .values({ providerId: provider.data, hourlyRate: amount.data })
      .orUpdate(['hourly_rate', 'updated_at'], ['provider_id'])
      .execute();
  }

  list(): Promise<CostRate[]> {
    return this.dataSource.getRepository(CostRate).find({ order: { providerId: 'ASC' } });
  }

  pence(): Promise<Map<string, number>> {
    return readRatesInPence(this.dataSource.manager);
  }
}

/** Rates in whole pence per hour, so costs are summed in integers. */
export async function readRatesInPence(db: EntityManager): Promise<Map<string, number>> {
  const rows: { provider_id: string; pence: number }[] = await db.query(
    `SELECT provider_id, (hourly_rate * 100)::int AS pence FROM cost_rates`,
  );
  return new Map(rows.map((r) => [r.provider_id, r.pence]));
}
