import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/** Seconds from an event's recordedat (accepted by its journey workflow) to the commit of its projection. */
export const PROJECTION_LAG = 'waymark_measures_projection_lag_seconds';
export const EVENTS_APPLIED = 'waymark_measures_events_applied_total';
export const DUPLICATES = 'waymark_measures_duplicate_events_total';
export const DEAD_LETTERS = 'waymark_measures_dead_letters_total';
export const POISON_EVENTS = 'waymark_measures_poison_events_total';
export const FAILED_TRIES = 'waymark_measures_failed_tries_total';
/** Journeys with events held behind a gap in their seq (decision 0010): should come back to 0; alert if it stays up. */
export const HELD_JOURNEYS = 'waymark_measures_held_journeys';
export const HELD_EVENTS = 'waymark_measures_held_events_total';
/** Journey events written but not yet committed by the consumer group, per partition (refreshed every 15 s). */
export const CONSUMER_LAG = 'waymark_measures_consumer_lag_messages';
/** 1 while the consumer is in its group and hears from the broker; readiness leaves Kafka out, this does not. */
export const CONSUMER_CONNECTED = 'waymark_measures_consumer_connected';
/** When the consumer last committed offsets (seconds since the epoch): `time() - this` is the last commit's age. */
export const CONSUMER_LAST_COMMIT = 'waymark_measures_consumer_last_commit_timestamp_seconds';

export const METRICS = [
  makeHistogramProvider({
    name: PROJECTION_LAG,
    help: 'Freshness: seconds from an event being recorded by its journey to its projection being committed',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  }),
  makeCounterProvider({ name: EVENTS_APPLIED, help: 'Journey events applied to the projections' }),
  makeCounterProvider({ name: DUPLICATES, help: 'Journey events delivered again and ignored' }),
  makeCounterProvider({
    name: DEAD_LETTERS,
    help: 'Journey events sent to the dead-letter topic (invalid, unplaceable or poison)',
  }),
  makeCounterProvider({
    name: POISON_EVENTS,
    help: 'Journey events dead-lettered because applying them kept failing while the database answered (poison)',
  }),
  makeCounterProvider({
    name: FAILED_TRIES,
    help: 'Failed tries at applying journey events, by whether the database answered other work (an outage if not)',
    labelNames: ['database'],
  }),
  makeGaugeProvider({
    name: HELD_JOURNEYS,
    help: 'Journeys whose later events are held because an earlier one is missing (ops-cli journeys repair)',
  }),
  makeCounterProvider({ name: HELD_EVENTS, help: "Journey events held behind a gap in their journey's seq" }),
  makeGaugeProvider({
    name: CONSUMER_LAG,
    help: "Journey events not yet committed by measures-service's consumer group: high watermark minus committed offset",
    labelNames: ['partition'],
  }),
  makeGaugeProvider({
    name: CONSUMER_CONNECTED,
    help: "1 while measures-service's consumer is in its group and hears from the broker, else 0",
  }),
  makeGaugeProvider({
    name: CONSUMER_LAST_COMMIT,
    help: "When measures-service's consumer last committed offsets, in seconds since the epoch (absent before the first)",
  }),
];
