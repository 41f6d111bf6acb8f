import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against a schema whose keys are variable names, and
 * names every missing or bad variable at once so ops can fix them in one go.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]); // deeper path parts are list entries, e.g. one broker of KAFKA_BROKERS
      // Object-level checks (code custom) explain why a variable that is not set is needed.
      const unset = env[name] === undefined && issue.code !== 'custom';
      return unset ? `${name}: is required but not set` : `${name}: ${issue.message}`;
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
