import { z } from 'zod';
import { databaseEnv, httpEnv, kafkaEnv, temporalEnv } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({
  ...httpEnv(3000),
  ...temporalEnv,
  ...kafkaEnv,
  ...databaseEnv,
});

describe('loadConfig', () => {
  it('parses a good environment, applying defaults', () => {
    const config = loadConfig(schema, {
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/waymark',
    });
    expect(config).toMatchObject({
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'waymark',
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9094'],
    });
  });

  it('names every missing and bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        PORT: 'eighty',
        KAFKA_BROKERS: 'localhost',
        DATABASE_URL: 'mysql://x/y',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('TEMPORAL_ADDRESS: is required but not set');
    expect(message).toMatch(/PORT: .*number/);
    expect(message).toContain('KAFKA_BROKERS: must be host:port');
    expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
  });
});
