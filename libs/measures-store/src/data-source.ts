import { DataSourceOptions } from 'typeorm';
import { Journey } from './entities/journey.entity';
import { ProcessedEvent } from './entities/processed-event.entity';
import { InitialSchema1764403200000 } from './migrations/1764403200000-initial-schema';

export const MEASURES_ENTITIES = [ProcessedEvent, Journey];
export const MEASURES_MIGRATIONS = [InitialSchema1764403200000];

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
