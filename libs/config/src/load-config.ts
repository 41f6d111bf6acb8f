import { z } from 'zod';
import { ConfigError } from './config-error';
import { secureConnectionProblems } from './secure-connections';

export { ConfigError } from './config-error';

/**
 * Validates the environment against a schema whose keys are variable names, and
 * names every missing or bad variable at once so ops can fix them in one go. A schema
 * with Kafka's or Temporal's variables also gets their TLS and credential checks.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) {
    const problems = secureConnectionProblems(result.data);
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]); // deeper path parts are list entries, e.g. one broker of KAFKA_BROKERS
      return env[name] === undefined ? `${name}: is required but not set` : `${name}: ${issue.message}`;
    }),
  );
}

/** For a service's entry point: a bad environment ends the process with the list of problems. */
export function loadConfigOrExit<S extends z.ZodObject>(schema: S): z.infer<S> {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
