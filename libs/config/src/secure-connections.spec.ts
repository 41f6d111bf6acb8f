import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { databaseEnv, kafkaEnv, temporalEnv } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';
import { kafkaConnection, temporalConnection } from './secure-connections';

const schema = z.object({ ...kafkaEnv, ...temporalEnv });
const base = { KAFKA_BROKERS: 'kafka-0:9093', TEMPORAL_ADDRESS: 'temporal:7233' };
const PASSWORD = 'scram-password-never-shown';
const API_KEY = 'temporal-api-key-never-shown';

let dir: string;
let file: (name: string, content: string) => string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secure-connections-'));
  file = (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The problems loadConfig reports, as ops see them. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(schema, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Kafka', () => {
  it('connects in clear without credentials unless told otherwise (the local stack)', () => {
    expect(kafkaConnection(loadConfig(schema, base))).toEqual({ brokers: ['kafka-0:9093'] });
  });

  it('gives kafkajs TLS with a private CA and SCRAM credentials read from a mounted secret', () => {
    const env = {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: file('kafka-ca.crt', 'CA PEM'),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'measures-service',
      KAFKA_SASL_PASSWORD_FILE: file('kafka-password', `${PASSWORD}\n`),
    };
    expect(kafkaConnection(loadConfig(schema, { ...base, ...env }))).toEqual({
      brokers: ['kafka-0:9093'],
      ssl: { ca: Buffer.from('CA PEM') },
      sasl: { mechanism: 'scram-sha-512', username: 'measures-service', password: PASSWORD },
    });
  });

  it('uses the system CAs when TLS is on without a CA file, and takes a client certificate and key', () => {
    expect(kafkaConnection(loadConfig(schema, { ...base, KAFKA_SSL: 'true' })).ssl).toBe(true);
    const env = {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CERT_FILE: file('client.crt', 'CERT'),
      KAFKA_SSL_KEY_FILE: file('client.key', 'KEY'),
    };
    expect(kafkaConnection(loadConfig(schema, { ...base, ...env })).ssl).toEqual({
      ca: undefined,
      cert: Buffer.from('CERT'),
      key: Buffer.from('KEY'),
    });
  });

  it('names a file that cannot be read, with its path', () => {
    const missing = join(dir, 'no-such-ca.crt');
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: missing })).toEqual([
      `KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`,
    ]);
  });

  it('refuses TLS files while TLS is off, and half a client certificate', () => {
    expect(problems({ KAFKA_SSL_CA_FILE: file('ca2.crt', 'CA') })).toEqual(['KAFKA_SSL_CA_FILE: needs KAFKA_SSL=true']);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: file('c.crt', 'C') })).toEqual([
      'KAFKA_SSL_KEY_FILE: is required when KAFKA_SSL_CERT_FILE is set',
    ]);
    expect(problems({ KAFKA_SSL: 'yes' })).toEqual(['KAFKA_SSL: must be true or false']);
  });

  it('asks for what a SASL mechanism needs, and for a mechanism when credentials are given', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM (or KAFKA_SASL_PASSWORD_FILE)',
    ]);
    expect(problems({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: PASSWORD })).toEqual([
      'KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME is set',
    ]);
    expect(
      problems({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: PASSWORD }),
    ).toEqual(['KAFKA_SASL_MECHANISM: must be scram-sha-256, scram-sha-512 or plain']);
  });

  it('refuses PLAIN without TLS (the password would cross the network in clear)', () => {
    const env = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: PASSWORD };
    expect(problems(env)).toEqual(['KAFKA_SASL_MECHANISM: plain sends the password in clear: needs KAFKA_SSL=true']);
    expect(problems({ ...env, KAFKA_SSL: 'true' })).toEqual([]);
  });

  it('refuses a password given twice or in an empty file, and never shows a password', () => {
    const twice = {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: PASSWORD,
      KAFKA_SASL_PASSWORD_FILE: file('pw', PASSWORD),
    };
    expect(problems(twice)).toEqual([
      'KAFKA_SASL_PASSWORD: set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both',
    ]);
    const { KAFKA_SASL_PASSWORD: _inline, ...fromFile } = twice;
    const empty = { ...fromFile, KAFKA_SASL_PASSWORD_FILE: file('empty', '\n') };
    expect(problems(empty)).toEqual(['KAFKA_SASL_PASSWORD_FILE: the file is empty']);
    expect(JSON.stringify(problems({ ...twice, KAFKA_SSL: 'maybe' }))).not.toContain(PASSWORD);
  });

  it('throws a ConfigError naming the variable when built from a config that skipped the check', () => {
    const config = z
      .object(kafkaEnv)
      .parse({ ...base, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' });
    expect(() => kafkaConnection(config)).toThrow(/KAFKA_SASL_PASSWORD: is required/);
  });
});

describe('Temporal', () => {
  it('connects in clear unless told otherwise (the dev server)', () => {
    expect(temporalConnection(loadConfig(schema, base))).toEqual({ address: 'temporal:7233' });
  });

  it('gives the SDK mTLS options: client certificate pair, private CA and server name', () => {
    const env = {
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_CA_FILE: file('temporal-ca.crt', 'CA'),
      TEMPORAL_TLS_CERT_FILE: file('temporal.crt', 'CRT'),
      TEMPORAL_TLS_KEY_FILE: file('temporal.key', 'KEY'),
      TEMPORAL_TLS_SERVER_NAME: 'waymark.a1b2c.tmprl.cloud',
    };
    expect(temporalConnection(loadConfig(schema, { ...base, ...env }))).toEqual({
      address: 'temporal:7233',
      tls: {
        serverNameOverride: 'waymark.a1b2c.tmprl.cloud',
        serverRootCACertificate: Buffer.from('CA'),
        clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
      },
    });
  });

  it('sends an API key over TLS with the system CAs (Temporal Cloud), from a variable or a mounted file', () => {
    expect(
      temporalConnection(loadConfig(schema, { ...base, TEMPORAL_TLS: 'true', TEMPORAL_API_KEY: API_KEY })),
    ).toEqual({
      address: 'temporal:7233',
      tls: true,
      apiKey: API_KEY,
    });
    const fromFile = { TEMPORAL_TLS: 'true', TEMPORAL_API_KEY_FILE: file('api-key', `${API_KEY}\n`) };
    expect(temporalConnection(loadConfig(schema, { ...base, ...fromFile })).apiKey).toBe(API_KEY);
  });

  it('refuses an API key or TLS files without TLS, and an API key beside a client certificate', () => {
    expect(problems({ TEMPORAL_API_KEY: API_KEY })).toEqual(['TEMPORAL_API_KEY: needs TEMPORAL_TLS=true']);
    expect(problems({ TEMPORAL_TLS_SERVER_NAME: 'x' })).toEqual(['TEMPORAL_TLS_SERVER_NAME: needs TEMPORAL_TLS=true']);
    const both = {
      TEMPORAL_TLS: 'true',
      TEMPORAL_API_KEY: API_KEY,
      TEMPORAL_TLS_CERT_FILE: file('t2.crt', 'CRT'),
      TEMPORAL_TLS_KEY_FILE: file('t2.key', 'KEY'),
    };
    const reported = problems(both);
    expect(reported).toEqual(['TEMPORAL_API_KEY: choose an API key or a client certificate, not both']);
    expect(JSON.stringify(reported)).not.toContain(API_KEY);
  });

  it('names a missing key file', () => {
    const env = {
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_CERT_FILE: file('t3.crt', 'CRT'),
      TEMPORAL_TLS_KEY_FILE: join(dir, 'gone.key'),
    };
    expect(problems(env)).toEqual([`TEMPORAL_TLS_KEY_FILE: cannot read ${join(dir, 'gone.key')} (ENOENT)`]);
  });
});

describe('DATABASE_URL TLS', () => {
  const database = z.object(databaseEnv);
  const dbProblems = (url: string) => {
    try {
      loadConfig(database, { DATABASE_URL: url });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  const url = 'postgres://measures_service:s3cret-db-password@db.internal:5432/waymark';

  it('takes verify-full with a private CA, or no sslmode (the local stack)', () => {
    const ca = file('pg-ca.crt', 'CA');
    expect(dbProblems(`${url}?sslmode=verify-full&sslrootcert=${ca}`)).toEqual([]);
    expect(dbProblems(`${url}?sslmode=verify-full`)).toEqual([]);
    expect(dbProblems(url)).toEqual([]);
  });

  it('refuses the modes node-postgres would silently treat as verify-full, without echoing the password', () => {
    const reported = dbProblems(`${url}?sslmode=require`);
    expect(reported).toEqual(['DATABASE_URL: sslmode must be verify-full (or disable), not require']);
    expect(JSON.stringify(reported)).not.toContain('s3cret');
  });

  it('refuses certificate files that are missing, unpaired or set without verify-full', () => {
    const missing = join(dir, 'no-pg-ca.crt');
    expect(dbProblems(`${url}?sslmode=verify-full&sslrootcert=${missing}`)).toEqual([
      `DATABASE_URL: sslrootcert: no file at ${missing}`,
    ]);
    expect(dbProblems(`${url}?sslrootcert=${file('pg-ca2.crt', 'CA')}`)).toEqual([
      'DATABASE_URL: sslrootcert need sslmode=verify-full',
    ]);
    expect(dbProblems(`${url}?sslmode=verify-full&sslcert=${file('pg.crt', 'C')}`)).toEqual([
      'DATABASE_URL: sslcert and sslkey go together',
    ]);
  });
});
