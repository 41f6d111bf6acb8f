export * from './kafka.module';
export * from './journey-event-consumer';
export * from './journey-event-publisher';
export * from './kafka-client';
export * from './topics';
export * from './topic-replay';
export * from './dead-letter-headers';
export * from './poison-isolation';
