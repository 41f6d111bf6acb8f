import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * TLS and credentials for Kafka and Temporal, from environment variables (docs/decisions/0022-secure-connections.md).
 * Secrets come inline or, for mounted Kubernetes Secrets, from a `_FILE` variable; problems name the variable and
 * the file's path, never a secret or a file's content.
 */

const flag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true');
const path = z.string().min(1, 'must be a file path').optional();
const secret = z.string().min(1, 'must not be empty').optional();

/** A problem with one variable; the message never holds a secret. */
interface Problem {
  variable: string;
  message: string;
}

/** Reads the files that variables name, collecting what cannot be read. */
class Files {
  readonly problems: Problem[] = [];
  constructor(private readonly config: Record<string, unknown>) {}

  read(variable: string): Buffer | undefined {
    const file = this.config[variable];
    if (typeof file !== 'string') return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      this.problems.push({ variable, message: `cannot read ${file} (${code})` });
      return undefined;
    }
  }

  /** A secret given inline or in a file (trailing newline dropped), never both. */
  secret(variable: string): string | undefined {
    const inline = this.config[variable];
    const fileVariable = `${variable}_FILE`;
    if (typeof inline === 'string' && this.config[fileVariable] !== undefined) {
      this.problems.push({ variable, message: `set either ${variable} or ${fileVariable}, not both` });
      return undefined;
    }
    if (typeof inline === 'string') return inline;
    const content = this.read(fileVariable)
      ?.toString('utf8')
      .replace(/\r?\n$/, '');
    if (content === '') this.problems.push({ variable: fileVariable, message: 'the file is empty' });
    return content || undefined;
  }

  /** Both files of a client certificate and its key, or neither. */
  pair(certVariable: string, keyVariable: string): { cert: Buffer; key: Buffer } | undefined {
    const hasCert = this.config[certVariable] !== undefined;
    const hasKey = this.config[keyVariable] !== undefined;
    if (hasCert !== hasKey) {
      const [missing, given] = hasCert ? [keyVariable, certVariable] : [certVariable, keyVariable];
      this.problems.push({ variable: missing, message: `is required when ${given} is set` });
      return undefined;
    }
    const cert = this.read(certVariable);
    const key = this.read(keyVariable);
    return cert && key ? { cert, key } : undefined;
  }

  /** The variables that only make sense with TLS on. */
  needTls(tlsVariable: string, variables: string[]): void {
    for (const variable of variables.filter((name) => this.config[name] !== undefined)) {
      this.problems.push({ variable, message: `needs ${tlsVariable}=true` });
    }
  }
}

type Resolved<T> = { value: T; problems: [] } | { value?: undefined; problems: Problem[] };
const resolved = <T>(files: Files, value: T): Resolved<T> =>
  files.problems.length === 0 ? { value, problems: [] } : { problems: files.problems };

// ---- Kafka ----

export const kafkaSecurityEnv = {
  /** TLS to the brokers (Strimzi's `tls` listener, a cloud Kafka); the system CAs unless KAFKA_SSL_CA_FILE is given. */
  KAFKA_SSL: flag,
  KAFKA_SSL_CA_FILE: path,
  /** A client certificate and key (PEM) for brokers that authenticate clients by TLS. */
  KAFKA_SSL_CERT_FILE: path,
  KAFKA_SSL_KEY_FILE: path,
  KAFKA_SASL_MECHANISM: z
    .enum(['scram-sha-256', 'scram-sha-512', 'plain'], { error: 'must be scram-sha-256, scram-sha-512 or plain' })
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1, 'must not be empty').optional(),
  KAFKA_SASL_PASSWORD: secret,
  KAFKA_SASL_PASSWORD_FILE: path,
};
type KafkaSecurityConfig = z.infer<z.ZodObject<typeof kafkaSecurityEnv>>;
type SaslMechanism = NonNullable<KafkaSecurityConfig['KAFKA_SASL_MECHANISM']>;

/** kafkajs's `ssl` and `sasl` options. */
export interface KafkaSecurity {
  ssl?: true | { ca?: Buffer; cert?: Buffer; key?: Buffer };
  sasl?: { [M in SaslMechanism]: { mechanism: M; username: string; password: string } }[SaslMechanism];
}

function resolveKafkaSecurity(config: KafkaSecurityConfig): Resolved<KafkaSecurity> {
  const files = new Files(config);
  const security: KafkaSecurity = {};
  if (config.KAFKA_SSL) {
    const ca = files.read('KAFKA_SSL_CA_FILE');
    const pair = files.pair('KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE');
    security.ssl = ca || pair ? { ca, ...pair } : true;
  } else {
    files.needTls('KAFKA_SSL', ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE']);
  }
  const mechanism = config.KAFKA_SASL_MECHANISM;
  if (mechanism === undefined) {
    const given = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'].find(
      (name) => config[name as keyof KafkaSecurityConfig] !== undefined,
    );
    if (given) files.problems.push({ variable: 'KAFKA_SASL_MECHANISM', message: `is required when ${given} is set` });
    return resolved(files, security);
  }
  if (mechanism === 'plain' && !config.KAFKA_SSL) {
    files.problems.push({
      variable: 'KAFKA_SASL_MECHANISM',
      message: 'plain sends the password in clear: needs KAFKA_SSL=true',
    });
  }
  const username = config.KAFKA_SASL_USERNAME;
  if (username === undefined)
    files.problems.push({ variable: 'KAFKA_SASL_USERNAME', message: `is required with KAFKA_SASL_MECHANISM` });
  const password = files.secret('KAFKA_SASL_PASSWORD');
  if (config.KAFKA_SASL_PASSWORD === undefined && config.KAFKA_SASL_PASSWORD_FILE === undefined) {
    files.problems.push({
      variable: 'KAFKA_SASL_PASSWORD',
      message: 'is required with KAFKA_SASL_MECHANISM (or KAFKA_SASL_PASSWORD_FILE)',
    });
  }
  if (username !== undefined && password !== undefined) security.sasl = { mechanism, username, password };
  return resolved(files, security);
}

// ---- Temporal ----

export const temporalSecurityEnv = {
  /** TLS to the frontend (Temporal Cloud, a TLS-terminating ingress); the system CAs unless a CA file is given. */
  TEMPORAL_TLS: flag,
  TEMPORAL_TLS_CA_FILE: path,
  /** mTLS: the client certificate and key (PEM), e.g. a Temporal Cloud namespace's. */
  TEMPORAL_TLS_CERT_FILE: path,
  TEMPORAL_TLS_KEY_FILE: path,
  /** The name the server's certificate must carry when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1, 'must not be empty').optional(),
  /** An API key (Temporal Cloud), sent as a bearer token; needs TEMPORAL_TLS=true. */
  TEMPORAL_API_KEY: secret,
  TEMPORAL_API_KEY_FILE: path,
};
type TemporalSecurityConfig = z.infer<z.ZodObject<typeof temporalSecurityEnv>>;

/** The `tls` and `apiKey` options of both Connection.connect and NativeConnection.connect. */
export interface TemporalSecurity {
  tls?:
    | true
    | { serverNameOverride?: string; serverRootCACertificate?: Buffer; clientCertPair?: { crt: Buffer; key: Buffer } };
  apiKey?: string;
}

function resolveTemporalSecurity(config: TemporalSecurityConfig): Resolved<TemporalSecurity> {
  const files = new Files(config);
  const security: TemporalSecurity = {};
  const apiKey = files.secret('TEMPORAL_API_KEY');
  if (!config.TEMPORAL_TLS) {
    const tlsOnly = [
      'TEMPORAL_TLS_CA_FILE',
      'TEMPORAL_TLS_CERT_FILE',
      'TEMPORAL_TLS_KEY_FILE',
      'TEMPORAL_TLS_SERVER_NAME',
    ];
    // An API key in clear would hand it to anyone on the path.
    const keyVariable = config.TEMPORAL_API_KEY_FILE !== undefined ? 'TEMPORAL_API_KEY_FILE' : 'TEMPORAL_API_KEY';
    files.needTls('TEMPORAL_TLS', apiKey === undefined ? tlsOnly : [...tlsOnly, keyVariable]);
    return resolved(files, security);
  }
  const ca = files.read('TEMPORAL_TLS_CA_FILE');
  const pair = files.pair('TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE');
  if (pair && apiKey !== undefined) {
    files.problems.push({
      variable: 'TEMPORAL_API_KEY',
      message: 'choose an API key or a client certificate, not both',
    });
  }
  const serverName = config.TEMPORAL_TLS_SERVER_NAME;
  security.tls =
    ca || pair || serverName
      ? {
          ...(serverName && { serverNameOverride: serverName }),
          ...(ca && { serverRootCACertificate: ca }),
          ...(pair && { clientCertPair: { crt: pair.cert, key: pair.key } }),
        }
      : true;
  if (apiKey !== undefined) security.apiKey = apiKey;
  return resolved(files, security);
}

// ---- Checks and builders ----

const describe = ({ variable, message }: Problem) => `${variable}: ${message}`;

/**
 * The combinations of a config's Kafka and Temporal security variables, and that the files they name can be read;
 * loadConfig reports them for every schema that spreads kafkaEnv or temporalEnv.
 */
export function secureConnectionProblems(config: object): string[] {
  return [
    ...('KAFKA_BROKERS' in config ? resolveKafkaSecurity(config as unknown as KafkaSecurityConfig).problems : []),
    ...('TEMPORAL_ADDRESS' in config
      ? resolveTemporalSecurity(config as unknown as TemporalSecurityConfig).problems
      : []),
  ].map(describe);
}

function orThrow<T>({ value, problems }: Resolved<T>): T {
  if (value === undefined) throw new ConfigError(problems.map(describe));
  return value;
}

export type KafkaConnection = { brokers: string[] } & KafkaSecurity;
export type TemporalConnection = { address: string } & TemporalSecurity;

/** The only way a Kafka client gets its brokers, TLS and SASL options. */
export function kafkaConnection(config: { KAFKA_BROKERS: string[] } & KafkaSecurityConfig): KafkaConnection {
  return { brokers: config.KAFKA_BROKERS, ...orThrow(resolveKafkaSecurity(config)) };
}

/** The only way a Temporal client or worker gets its address, TLS and API key. */
export function temporalConnection(config: { TEMPORAL_ADDRESS: string } & TemporalSecurityConfig): TemporalConnection {
  return { address: config.TEMPORAL_ADDRESS, ...orThrow(resolveTemporalSecurity(config)) };
}
