/**
 * Grows a benchmark stack's projections to the size the query benchmark needs (a million journeys and more)
 * without going through Kafka: synthetic journeys (the same generator as seed-topic.ts, numbered on from
 * `--first`, so their ids differ from the topic's) are applied with `MeasuresProjector.apply` in batches, as a rebuild
 * applies them (each provider-and-area's days, then the rollups derived at the end). Within each chunk of journeys the events go in the
 * order they were recorded, so a batch holds many journeys, as a consumer's batch does.
 *
 *   node -r @swc-node/register test/bench/src/measures/apply-store.ts --first=110000 --journeys=900000 \
 *     [--seed=1] [--batch=5000] [--chunk=20000]
 *
 * Needs DATABASE_URL of a stack of one's own (see bench-env.ts). A later rebuild from the topic empties the
 * projections again (these journeys are not on the topic).
 */
import { JourneyEvent } from '@waymark/event-contracts';
import { DEFAULT_TIME_ZONE } from '@waymark/measures-maths';
import { measuresDataSourceOptions, MeasuresProjector } from '@waymark/measures-store';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { benchTarget, flags, int, intFlag, perSecond, say } from './bench-env';
import { syntheticJourney, twoYearsToToday } from './synthetic';

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['first', 'journeys', 'seed', 'batch', 'chunk']);
  const first = intFlag(options, 'first', 110_000);
  const journeys = intFlag(options, 'journeys', 900_000);
  const seed = intFlag(options, 'seed', 1);
  const batchSize = intFlag(options, 'batch', 5_000);
  const chunk = intFlag(options, 'chunk', 20_000);
  const timeZone = process.env['MEASURES_TIME_ZONE'] ?? DEFAULT_TIME_ZONE;
  const window = twoYearsToToday();

  const dataSource = await new DataSource(measuresDataSourceOptions(benchTarget('DATABASE_URL'))).initialize();
  const store = new MeasuresProjector(dataSource, timeZone);
  let events = 0;
  let applied = 0;
  let makeMs = 0;
  let applyMs = 0;
  const t0 = performance.now();
  try {
    for (let start = first; start < first + journeys; start += chunk) {
      let t = performance.now();
      const batch: JourneyEvent[] = [];
      const end = Math.min(first + journeys, start + chunk);
      for (let n = start; n < end; n++) batch.push(...syntheticJourney({ seed, ...window }, n));
      batch.sort((a, b) => Date.parse(a.recordedat) - Date.parse(b.recordedat)); // stable: seq order kept
      makeMs += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < batch.length; i += batchSize) {
        const result = await store.apply(batch.slice(i, i + batchSize), 'days');
        if (result.unplaceable.length > 0) throw new Error(`unplaceable: ${result.unplaceable[0]?.reason}`);
        applied += result.applied;
      }
      applyMs += performance.now() - t;
      events += batch.length;
      say(
        `journeys ${int(first)}–${int(end - 1)}: ${int(events)} events applied so far, ` +
          `${perSecond(events, applyMs)} events/s in apply`,
      );
    }
    const deriving = performance.now();
    await store.completeRollups();
    const deriveMs = performance.now() - deriving;
    const [{ journeys: total }] = (await dataSource.query(`SELECT count(*)::int AS journeys FROM journey_facts`)) as [
      { journeys: number },
    ];
    const wall = performance.now() - t0;
    process.stdout.write(
      `applied ${int(applied)} of ${int(events)} synthetic events (journeys ${int(first)}–${int(first + journeys - 1)}, ` +
        `seed ${seed}) with MeasuresProjector.apply in batches of ${int(batchSize)}: ${(applyMs / 1000).toFixed(1)} s in ` +
        `apply (${perSecond(events, applyMs)} events/s), ${(makeMs / 1000).toFixed(1)} s making them, ` +
        `${(deriveMs / 1000).toFixed(1)} s deriving the rollups, ${(wall / 1000).toFixed(1)} s in all; ` +
        `journey_facts now holds ${int(total)} journeys\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
