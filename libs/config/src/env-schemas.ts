import { existsSync } from 'node:fs';
import { z } from 'zod';
import { kafkaSecurityEnv, temporalSecurityEnv } from './secure-connections';

/** Reusable pieces of service config schemas; each key is an environment variable. */

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port');

export const portVar = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

export const httpEnv = (defaultPort: number) => ({
  PORT: portVar(defaultPort),
  HOST: z.string().default('127.0.0.1'),
});

/**
 * The management server (health probes, metrics): a port of its own, on 127.0.0.1 unless ops expose it to their
 * probes and scraper on purpose (docs/decisions/0012-reads-under-load.md).
 */
export const managementEnv = (defaultPort: number) => ({
  MANAGEMENT_PORT: portVar(defaultPort),
  MANAGEMENT_HOST: z.string().default('127.0.0.1'),
});

/** How long SIGTERM may take before the process ends anyway (work still running is abandoned, exit 1). */
export const shutdownEnv = {
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
};

export const logEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
};

export const temporalEnv = {
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().min(1).default('waymark'),
  ...temporalSecurityEnv,
};

export const kafkaEnv = {
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(hostPort).min(1, 'must list at least one host:port')),
  ...kafkaSecurityEnv,
};

/**
 * TLS to PostgreSQL is set in the URL, as libpq does, and node-postgres reads it from there: `sslmode=verify-full`
 * (the server's certificate must chain to a trusted CA and name the host) with `sslrootcert=/path/ca.crt` for a
 * private CA, and `sslcert`/`sslkey` for a client certificate. Only `disable` and `verify-full` are accepted:
 * node-postgres treats `prefer`, `require` and `verify-ca` as verify-full anyway, so naming them would mislead.
 * The password in the URL is never echoed: problems name the parameter only.
 */
const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
  .superRefine((value, ctx) => {
    const params = new URL(value).searchParams;
    const sslmode = params.get('sslmode');
    if (sslmode !== null && sslmode !== 'disable' && sslmode !== 'verify-full') {
      ctx.addIssue({ code: 'custom', message: `sslmode must be verify-full (or disable), not ${sslmode}` });
    }
    const tlsFiles = ['sslrootcert', 'sslcert', 'sslkey'].filter((name) => params.has(name));
    if (tlsFiles.length > 0 && sslmode !== 'verify-full') {
      ctx.addIssue({ code: 'custom', message: `${tlsFiles.join(', ')} need sslmode=verify-full` });
    }
    if (params.has('sslcert') !== params.has('sslkey')) {
      ctx.addIssue({ code: 'custom', message: 'sslcert and sslkey go together' });
    }
    for (const name of tlsFiles) {
      const file = params.get(name) ?? '';
      if (!existsSync(file)) ctx.addIssue({ code: 'custom', message: `${name}: no file at ${file}` });
    }
  });

export const databaseEnv = {
  DATABASE_URL: postgresUrl,
};

/**
 * Express's `trust proxy`: whose X-Forwarded-For is believed when telling client addresses apart. Unset (the default)
 * believes nobody, so the address is the connection's peer. A hop count, or a comma-separated list of addresses,
 * subnets or `loopback`, `linklocal`, `uniquelocal`. Never `true`: that would let any client choose its own address.
 */
const trustProxy = z
  .string()
  .optional()
  .refine((value) => value?.trim().toLowerCase() !== 'true', 'name the proxies to trust (or a hop count), not true')
  .transform((value): number | string | false => {
    const trimmed = value?.trim() ?? '';
    if (trimmed === '' || trimmed.toLowerCase() === 'false') return false;
    return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  });

/** The public APIs' defences against clients (journey-api, measures-service). */
export const apiClientEnv = {
  /** Failed authentications one client address may make in a minute; after that it is answered 429 until the minute ends. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  TRUST_PROXY: trustProxy,
};
