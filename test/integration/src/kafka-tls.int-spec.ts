import { kafkaConnection, kafkaEnv, loadConfig } from '@waymark/config';
import { createKafka, pingKafka } from '@waymark/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '@waymark/observability';
import { issueCertificate } from '@waymark/test-support';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { addKafkaUser, publishAndReadBack, SecretFiles } from './secure-connections';

const schema = z.object(kafkaEnv);

/**
 * A service's Kafka settings through the local broker's SASL_SSL listener (KAFKA_SSL_BROKERS): SCRAM-SHA-512 over
 * TLS, the broker's certificate signed by the stack's own CA (WAYMARK_LOCAL_CA_FILE), as a Strimzi `tls` listener or
 * a cloud Kafka has it; the same variables, checks and client a deployment uses.
 */
describe('Kafka over SASL/SCRAM-SHA-512 and TLS', () => {
  let user: string;
  let password: string;
  let secrets: SecretFiles;
  let stackCa: string;

  const connectionWith = (variables: Record<string, string>) => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: process.env['KAFKA_SSL_BROKERS'],
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: stackCa,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD_FILE: secrets.file('password', password),
      ...variables,
    });
    return kafkaConnection(config);
  };
  const kafkaWith = (variables: Record<string, string>) =>
    createKafka({ connection: connectionWith(variables), clientId: 'tls-it', logger: createLogger('it', 'fatal') });
  /** The same connection options without retries: a refused handshake is final, no need to wait out the back-off. */
  const pingOnce = (variables: Record<string, string>) =>
    pingKafka(
      new Kafka({
        ...connectionWith(variables),
        clientId: 'tls-it',
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      }),
    );

  beforeAll(() => {
    if (!process.env['KAFKA_SSL_BROKERS'] || !process.env['WAYMARK_LOCAL_CA_FILE'])
      throw new Error('KAFKA_SSL_BROKERS and WAYMARK_LOCAL_CA_FILE are not set: eval "$(infra/local/stack env)"');
    stackCa = process.env['WAYMARK_LOCAL_CA_FILE'];
    ({ user, password } = addKafkaUser());
    secrets = new SecretFiles();
  });
  afterAll(() => secrets.remove());

  it('publishes journey events and reads them back, trusting the CA of KAFKA_SSL_CA_FILE', async () => {
    const { sent, read } = await publishAndReadBack(kafkaWith({}));
    expect(read.id).toBe(sent.id);
  });

  it('is refused when KAFKA_SSL_CA_FILE is not the CA that signed the broker', async () => {
    const otherCa = issueCertificate(join(secrets.dir, 'other-ca'), 'unused', ['DNS:localhost']).caFile;
    await expect(pingOnce({ KAFKA_SSL_CA_FILE: otherCa })).rejects.toThrow(/unable to verify the first certificate/);
  });

  it('is refused with a wrong password, over TLS too', async () => {
    await expect(pingOnce({ KAFKA_SASL_PASSWORD_FILE: secrets.file('wrong', `${password}x`) })).rejects.toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
    });
  });

  it('presents the client certificate of KAFKA_SSL_CERT_FILE, which the broker checks against its CA', async () => {
    const trusted = issueCertificate(dirname(stackCa), 'kafka-it-client', ['DNS:kafka-it-client']);
    await pingOnce({ KAFKA_SSL_CERT_FILE: trusted.certFile, KAFKA_SSL_KEY_FILE: trusted.keyFile });

    const untrusted = issueCertificate(join(secrets.dir, 'client-ca'), 'client', ['DNS:kafka-it-client']);
    await expect(
      pingOnce({ KAFKA_SSL_CERT_FILE: untrusted.certFile, KAFKA_SSL_KEY_FILE: untrusted.keyFile }),
    ).rejects.toThrow(/alert certificate unknown/);
  });
});
