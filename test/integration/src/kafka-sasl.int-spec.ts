import { kafkaConnection, kafkaEnv, loadConfig } from '@waymark/config';
import { createKafka, pingKafka } from '@waymark/kafka';
import { createLogger } from '@waymark/observability';
import { z } from 'zod';
import { addKafkaUser, publishAndReadBack, SecretFiles } from './secure-connections';

const schema = z.object(kafkaEnv);

/**
 * A service's Kafka settings through the local broker's SASL/SCRAM-SHA-512 listener (KAFKA_SASL_BROKERS), with a
 * user the test adds as ops add one (kafka-configs): the same variables, checks and client a deployment uses.
 */
describe('Kafka over SASL/SCRAM-SHA-512', () => {
  let user: string;
  let password: string;
  let secrets: SecretFiles;

  const kafkaAs = (username: string, passwordFile: string) => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: process.env['KAFKA_SASL_BROKERS'],
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    return createKafka({
      connection: kafkaConnection(config),
      clientId: 'sasl-it',
      logger: createLogger('it', 'fatal'),
    });
  };

  beforeAll(() => {
    if (!process.env['KAFKA_SASL_BROKERS'])
      throw new Error('KAFKA_SASL_BROKERS is not set: eval "$(infra/local/stack env)"');
    ({ user, password } = addKafkaUser());
    secrets = new SecretFiles();
  });
  afterAll(() => secrets.remove());

  it('publishes journey events and reads them back with the right credentials', async () => {
    const { sent, read } = await publishAndReadBack(kafkaAs(user, secrets.file('password', password)));
    expect(read.id).toBe(sent.id);
  });

  it('is refused with a wrong password or an unknown user', async () => {
    const refused = { name: 'KafkaJSSASLAuthenticationError' };
    await expect(pingKafka(kafkaAs(user, secrets.file('wrong', `${password}x`)))).rejects.toMatchObject(refused);
    await expect(pingKafka(kafkaAs(`${user}-unknown`, secrets.file('other', password)))).rejects.toMatchObject(refused);
  });
});
