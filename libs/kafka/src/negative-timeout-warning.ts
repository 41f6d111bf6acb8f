const WARNING = 'TimeoutNegativeWarning';
let installed = false;

/**
 * kafkajs 2.2.4 schedules its request queue's check with a negative delay when nothing is throttled
 * (tulios/kafkajs#1751, unfixed upstream). Node 24 then prints a TimeoutNegativeWarning on stderr and uses 1 ms,
 * which is what Node 20 did silently: the warning says nothing about Waymark, and it broke the services' JSON-only
 * output and ops-cli's clean stderr. So, in every process that makes a Kafka client, that one warning type is
 * dropped; every other warning is printed as before. Remove with kafkajs's fix.
 */
export function dropNegativeTimeoutWarnings(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (warningType(warning, rest[0]) === WARNING) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

function warningType(warning: string | Error, typeOrOptions: unknown): string | undefined {
  if (warning instanceof Error) return warning.name;
  if (typeof typeOrOptions === 'string') return typeOrOptions;
  return (typeOrOptions as { type?: string } | undefined)?.type;
}
