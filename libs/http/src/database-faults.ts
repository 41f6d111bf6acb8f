/**
 * SQLSTATE classes that say the database cannot do the work now, whatever the work is: a transaction rolled back
 * for another's sake (40: deadlock, serialization), connection exceptions (08), insufficient resources (53: disk
 * full, out of memory, too many connections), operator intervention (57: shutting down, starting up), system errors
 * (58: I/O) and internal errors (XX); and a read-only transaction (25006: a standby after a failover). Any other
 * code (a data exception such as 22008, a constraint, an exception raised by a trigger) is about what was written.
 */
const FAULT_CLASSES = new Set(['40', '08', '53', '57', '58', 'XX']);
const FAULT_CODES = new Set(['25006']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a dropped or timed-out connection with these messages and no code. */
const CONNECTION_MESSAGE = /connection terminated|connection timeout|timeout exceeded when trying to connect/i;

/** True when a failure says the database could not do the work just now, not that the work is wrong. */
export function isTransientDatabaseFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return FAULT_CLASSES.has(code.slice(0, 2)) || FAULT_CODES.has(code);
  }
  return error instanceof Error && CONNECTION_MESSAGE.test(error.message);
}
