import { DataSourceOptions } from 'typeorm';
import { CostRate } from './entities/cost-rate.entity';
import { HeldEvent } from './entities/held-event.entity';
import {
  Closure,
  JourneyFactsRow,
  MeasureClosures,
  MeasureCount,
  MeasureMinutes,
  MeasureValues,
  ProjectionWatermark,
} from './entities/projection.entities';
import { InitialSchema1764403200000 } from './migrations/1764403200000-initial-schema';
import { ValueMeasures1764489600000 } from './migrations/1764489600000-value-measures';
import { Rollups1764576000000 } from './migrations/1764576000000-rollups';
import { HeldEvents1764662400000 } from './migrations/1764662400000-held-events';

export const MEASURES_ENTITIES = [
  JourneyFactsRow,
  Closure,
  MeasureCount,
  MeasureClosures,
  MeasureMinutes,
  MeasureValues,
  ProjectionWatermark,
  CostRate,
  HeldEvent,
];
export const MEASURES_MIGRATIONS = [
  InitialSchema1764403200000,
  ValueMeasures1764489600000,
  Rollups1764576000000,
  HeldEvents1764662400000,
];

/** The schema comes only from migrations, run at start-up; never from synchronize. */
export function measuresDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: MEASURES_ENTITIES,
    migrations: MEASURES_MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10 },
  };
}
