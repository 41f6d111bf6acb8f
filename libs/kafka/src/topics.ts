import topics from './topics.json';

/**
 * Waymark's topics. The same JSON is read by the local stack when it creates
 * them, so partitions and retention are declared once. Journey events are kept
 * forever: they are the source every projection is rebuilt from.
 */
export const JOURNEY_EVENTS_TOPIC = topics.journeyEvents.name;
export const JOURNEY_EVENTS_DLQ_TOPIC = topics.journeyEventsDlq.name;
