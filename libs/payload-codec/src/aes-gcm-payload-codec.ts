import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, Payload, PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { KEY_BYTES, PayloadKeyRing, PlainPayloads } from './key-ring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/**
 * What a refused unencrypted payload decodes to. No payload converter knows this encoding, so the workflow fails to
 * read it where it is used: an Update carrying it is rejected before it is accepted (the SDK rejects an Update whose
 * arguments do not deserialise), and nothing reaches the journey's history. Throwing from `decode` instead would fail
 * the whole workflow task, which Temporal retries for ever: one forged Update would stall the journey.
 */
export const REFUSED_PLAIN_ENCODING = 'binary/refused-unencrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ProtoPayload = temporal.api.common.v1.Payload;

/**
 * Encrypts each whole payload (metadata and data) with AES-256-GCM, so Temporal stores neither the values nor
 * their encodings in clear. Data layout: IV (12 bytes) | ciphertext | auth tag (16 bytes). The key id is the
 * additional authenticated data, so a payload relabelled with another key id fails to decrypt.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly active: { id: string; key: Buffer };
  // A Map, not the record: ids such as 'constructor' must not resolve to Object.prototype members.
  private readonly keys: Map<string, Buffer>;
  private readonly plain: PlainPayloads;

  constructor({ activeKeyId, keys, plain = 'refuse' }: PayloadKeyRing) {
    this.plain = plain;
    // Copies, so a caller reusing or zeroing its buffers cannot change the ring.
    this.keys = new Map(Object.entries(keys).map(([id, key]) => [id, Buffer.from(key)]));
    for (const [id, key] of this.keys) {
      if (key.length !== KEY_BYTES) {
        throw new Error(`Payload key '${id}' must be ${KEY_BYTES} bytes, got ${key.length}`);
      }
    }
    const activeKey = this.keys.get(activeKeyId);
    if (!activeKey) throw new Error(`Active payload key id '${activeKeyId}' is not in the key ring`);
    this.active = { id: activeKeyId, key: activeKey };
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  /**
   * Payloads that are not encrypted decode to the {@link REFUSED_PLAIN_ENCODING} marker, or, under `accept` (histories
   * written before encryption was switched on), pass through unchanged.
   */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (metadataText(payload, METADATA_ENCODING_KEY) === ENCRYPTED_ENCODING) return this.decrypt(payload);
      return this.plain === 'accept' ? payload : refusedPlain();
    });
  }

  private encrypt(payload: Payload): Payload {
    const { id: keyId, key } = this.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(keyId));
    const ciphertext = Buffer.concat([cipher.update(ProtoPayload.encode(payload).finish()), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [METADATA_ENCRYPTION_KEY_ID]: Buffer.from(keyId),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = metadataText(payload, METADATA_ENCRYPTION_KEY_ID);
    if (keyId === undefined) {
      throw new ValueError(`Cannot decrypt payload: its '${METADATA_ENCRYPTION_KEY_ID}' metadata is missing`);
    }
    const key = this.keys.get(keyId);
    if (!key) throw new ValueError(`Cannot decrypt payload: encryption key id '${keyId}' is not in the key ring`);
    const data = Buffer.from(payload.data ?? []);
    let plaintext: Buffer;
    try {
      if (data.length < IV_BYTES + TAG_BYTES) throw new RangeError('payload data too short');
      const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(data.subarray(-TAG_BYTES));
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, -TAG_BYTES)), decipher.final()]);
    } catch {
      // Whatever the cause (short data, bad tag), the caller's answer is the same; Node's wording would not help.
      throw new ValueError(
        `Cannot decrypt payload with key id '${keyId}': authentication failed (wrong key, or the payload or its key id was altered)`,
      );
    }
    const { metadata, data: original, externalPayloads } = ProtoPayload.decode(plaintext);
    // protobufjs leaves an empty bytes field as a shared [] default; callers expect a Uint8Array of their own.
    return {
      metadata: { ...metadata },
      data: new Uint8Array(original),
      ...(externalPayloads.length > 0 && { externalPayloads }),
    };
  }
}

/** Carries nothing of the refused payload: its content is never looked at. */
function refusedPlain(): Payload {
  return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(REFUSED_PLAIN_ENCODING) }, data: new Uint8Array(0) };
}

function metadataText(payload: Payload, name: string): string | undefined {
  const value = payload.metadata?.[name];
  return value ? Buffer.from(value).toString('utf8') : undefined;
}
