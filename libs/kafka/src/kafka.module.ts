import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { createKafka, KafkaSettings } from './kafka-client';

/** Provides one kafkajs `Kafka` to the whole app; producers and consumers made from it close themselves. */
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [{ provide: Kafka, useFactory: () => createKafka(settings) }],
      exports: [Kafka],
    };
  }
}
