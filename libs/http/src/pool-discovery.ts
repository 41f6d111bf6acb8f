import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { NamedPool, pgPoolOf } from '@waymark/observability';

/** A TypeORM PostgreSQL data source, told apart structurally (libs/http does not depend on TypeORM). */
interface PostgresDataSource {
  options: { type?: string; name?: string };
  driver?: unknown;
}

const isPostgresDataSource = (instance: unknown): instance is PostgresDataSource =>
  typeof instance === 'object' &&
  instance !== null &&
  (instance as { options?: { type?: unknown } }).options?.type === 'postgres' &&
  'driver' in instance;

/**
 * Every PostgreSQL data source the app holds, by name (`default` for the unnamed one), whichever module made it:
 * each app's pools are watched without each app listing them.
 */
export function postgresPools(app: INestApplicationContext): NamedPool[] {
  const found = new Set<PostgresDataSource>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      if (isPostgresDataSource(wrapper.instance)) found.add(wrapper.instance);
    }
  }
  return [...found].map((dataSource) => ({
    name: dataSource.options.name ?? 'default',
    pool: () => pgPoolOf(dataSource),
  }));
}
