import { z } from 'zod';
import { KEY_BYTES, KEY_ID_PATTERN, KEY_ID_RULE, PayloadKeyRing, PLAIN_PAYLOADS, PlainPayloads } from './key-ring';

const KEYS_VAR = 'WAYMARK_PAYLOAD_KEYS';
const ACTIVE_VAR = 'WAYMARK_PAYLOAD_ACTIVE_KEY';

/** The validated variables, as they come out of a config schema that spreads {@link payloadCodecEnv}. */
export interface PayloadCodecConfig {
  WAYMARK_PAYLOAD_KEYS: Record<string, Buffer>;
  WAYMARK_PAYLOAD_ACTIVE_KEY: string;
  WAYMARK_PAYLOAD_PLAIN?: PlainPayloads;
}

type KeyList = { keys: Record<string, Buffer> } | { problem: string };

/**
 * Parses "id1:BASE64KEY,id2:BASE64KEY". Problems point at entries by position and at keys by id only: the
 * variable holds secrets, so no part of an entry that might be key material is ever echoed.
 */
function parseKeyList(value: string): KeyList {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return { problem: 'must list at least one id:base64key entry' };
  const keys = new Map<string, Buffer>();
  for (const [index, entry] of entries.entries()) {
    const parts = entry.split(':').map((part) => part.trim());
    if (parts.length !== 2) return { problem: `entry ${index + 1} must be id:base64key` };
    const [id, encoded] = parts;
    if (!KEY_ID_PATTERN.test(id)) return { problem: `entry ${index + 1}: the key id must be ${KEY_ID_RULE}` };
    if (keys.has(id)) return { problem: `key id '${id}' is listed more than once` };
    const key = Buffer.from(encoded, 'base64');
    // Node skips characters that are not base64; re-encoding catches typos and truncation it would hide.
    if (key.toString('base64') !== encoded) return { problem: `key '${id}' is not valid base64` };
    if (key.length !== KEY_BYTES) {
      return { problem: `key '${id}' must be ${KEY_BYTES} bytes after base64 decoding, got ${key.length}` };
    }
    keys.set(id, key);
  }
  // fromEntries defines own properties, so an id like '__proto__' stays an ordinary key.
  return { keys: Object.fromEntries(keys) };
}

/**
 * Config schema fragment; keys are environment variable names. Spread it into an app's schema and add
 * {@link checkPayloadActiveKey}, which needs both variables:
 * `z.object({ ...temporalEnv, ...payloadCodecEnv }).superRefine(checkPayloadActiveKey)`.
 */
export const payloadCodecEnv = {
  /** Comma-separated id:base64key list; every key that may still be needed to read histories. */
  WAYMARK_PAYLOAD_KEYS: z.string().transform((value, ctx) => {
    const parsed = parseKeyList(value);
    if ('keys' in parsed) return parsed.keys;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }),
  /** Id of the key new payloads are encrypted with. */
  WAYMARK_PAYLOAD_ACTIVE_KEY: z.string().regex(KEY_ID_PATTERN, `must be a key id (${KEY_ID_RULE}), not a key`),
  /** Unencrypted payloads: `refuse` (the default, everywhere) or `accept` (histories from before encryption). */
  WAYMARK_PAYLOAD_PLAIN: z.enum(PLAIN_PAYLOADS).default('refuse'),
};

/** Object-level check for a schema spreading {@link payloadCodecEnv}: the active id must be in the list. */
export function checkPayloadActiveKey(config: PayloadCodecConfig, ctx: z.RefinementCtx<PayloadCodecConfig>): void {
  const activeKeyId = config.WAYMARK_PAYLOAD_ACTIVE_KEY;
  // zod still runs this after a failed id format check; that value may be a key pasted here, so never echo it.
  if (!KEY_ID_PATTERN.test(activeKeyId) || Object.hasOwn(config.WAYMARK_PAYLOAD_KEYS, activeKeyId)) return;
  ctx.addIssue({
    code: 'custom',
    path: [ACTIVE_VAR],
    message: `key id '${activeKeyId}' is not listed in ${KEYS_VAR}`,
  });
}

/** The key ring for {@link AesGcmPayloadCodec} from validated config. */
export function payloadKeyRing(config: PayloadCodecConfig): PayloadKeyRing {
  return {
    activeKeyId: config.WAYMARK_PAYLOAD_ACTIVE_KEY,
    keys: config.WAYMARK_PAYLOAD_KEYS,
    plain: config.WAYMARK_PAYLOAD_PLAIN ?? 'refuse',
  };
}

const payloadCodecConfigSchema = z.object(payloadCodecEnv).superRefine(checkPayloadActiveKey);

/** Validates the two variables' values outside a config schema; throws an Error naming each bad variable. */
export function parsePayloadKeys(keysVar: string, activeKeyId: string): PayloadKeyRing {
  const result = payloadCodecConfigSchema.safeParse({ [KEYS_VAR]: keysVar, [ACTIVE_VAR]: activeKeyId });
  if (result.success) return payloadKeyRing(result.data);
  const problems = result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
  throw new Error(`Invalid payload encryption config: ${problems.join('; ')}`);
}
