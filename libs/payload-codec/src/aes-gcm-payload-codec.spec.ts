import { randomBytes } from 'node:crypto';
import { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';

const text = (value: Uint8Array | null | undefined) => Buffer.from(value ?? []).toString('utf8');
const bytes = (value: string) => new Uint8Array(Buffer.from(value));

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const person = 'Jane Smith NHS 943 476 5919';

const jsonPayload: Payload = {
  metadata: { encoding: bytes('json/plain') },
  data: bytes(JSON.stringify({ personRef: person, note: 'prefers mornings' })),
};
const binaryPayload: Payload = {
  metadata: { encoding: bytes('binary/plain') },
  data: new Uint8Array([0, 255, 1, 128, 7]),
};
const emptyPayload: Payload = { metadata: { encoding: bytes('binary/null') }, data: new Uint8Array(0) };

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec({ activeKeyId: 'k2024', keys: { k2024: oldKey } });

  it('round-trips JSON, binary and empty payloads, metadata included', async () => {
    const originals = [jsonPayload, binaryPayload, emptyPayload];
    const decoded = await codec.decode(await codec.encode(originals));
    expect(decoded).toEqual(originals);
    expect(text(decoded[0].data)).toBe(JSON.stringify({ personRef: person, note: 'prefers mornings' }));
    expect(decoded[2].data).toBeInstanceOf(Uint8Array);
    expect(decoded[2].data).toHaveLength(0);
  });

  it('labels encrypted payloads with the encoding and key id only', async () => {
    const [encoded] = await codec.encode([jsonPayload]);
    expect(Object.keys(encoded.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(text(encoded.metadata?.['encoding'])).toBe('binary/encrypted');
    expect(text(encoded.metadata?.['encryption-key-id'])).toBe('k2024');
    // 12-byte IV and 16-byte tag around the ciphertext.
    expect(encoded.data?.length).toBeGreaterThan(12 + 16 + person.length);
  });

  it('leaves no plaintext in the encoded payload', async () => {
    const [encoded] = await codec.encode([jsonPayload]);
    const wire = Buffer.concat([...Object.values(encoded.metadata ?? {}), encoded.data ?? new Uint8Array()]);
    expect(Buffer.from(jsonPayload.data ?? []).includes(person)).toBe(true); // the check below can fail
    expect(wire.includes(person)).toBe(false);
    expect(wire.includes('json/plain')).toBe(false);
  });

  it('uses a fresh IV, so the same payload never encrypts the same way twice', async () => {
    const [first, second] = await codec.encode([jsonPayload, jsonPayload]);
    expect(Buffer.from(first.data ?? []).equals(Buffer.from(second.data ?? []))).toBe(false);
    expect(
      Buffer.from(first.data ?? [])
        .subarray(0, 12)
        .equals(Buffer.from(second.data ?? []).subarray(0, 12)),
    ).toBe(false);
  });

  it('decodes a payload that is not encrypted to the refusal marker, none of its content kept', async () => {
    const decoded = await codec.decode([jsonPayload, emptyPayload]);
    for (const payload of decoded) {
      expect(payload).toEqual({ metadata: { encoding: bytes('binary/refused-unencrypted') }, data: new Uint8Array(0) });
    }
  });

  it('passes payloads that are not encrypted through decode untouched under plain: accept', async () => {
    const accepting = new AesGcmPayloadCodec({ activeKeyId: 'k2024', keys: { k2024: oldKey }, plain: 'accept' });
    const [decoded] = await accepting.decode([jsonPayload]);
    expect(decoded).toBe(jsonPayload);
  });

  it('encodes an empty list to an empty list', async () => {
    await expect(codec.encode([])).resolves.toEqual([]);
  });

  describe('key rotation', () => {
    const rotated = new AesGcmPayloadCodec({ activeKeyId: 'k2025', keys: { k2024: oldKey, k2025: newKey } });

    it('still decodes payloads encrypted under the previous key', async () => {
      const fromBefore = await codec.encode([jsonPayload]);
      await expect(rotated.decode(fromBefore)).resolves.toEqual([jsonPayload]);
    });

    it('encrypts new payloads with the new active key', async () => {
      const [encoded] = await rotated.encode([jsonPayload]);
      expect(text(encoded.metadata?.['encryption-key-id'])).toBe('k2025');
      await expect(codec.decode([encoded])).rejects.toThrow("encryption key id 'k2025' is not in the key ring");
    });
  });

  describe('refuses what it cannot authenticate', () => {
    const withMetadata = (payload: Payload, name: string, value: string): Payload => ({
      ...payload,
      metadata: { ...payload.metadata, [name]: bytes(value) },
    });

    it('a flipped ciphertext bit', async () => {
      const [encoded] = await codec.encode([jsonPayload]);
      const data = Buffer.from(encoded.data ?? []);
      data[20] ^= 0x01;
      await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow(
        "Cannot decrypt payload with key id 'k2024': authentication failed",
      );
    });

    it('truncated data', async () => {
      const [encoded] = await codec.encode([jsonPayload]);
      const data = (encoded.data ?? new Uint8Array()).subarray(0, 20);
      await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow('authentication failed');
    });

    it('a key id swapped for another id of the same key (the id is authenticated data)', async () => {
      const aliased = new AesGcmPayloadCodec({ activeKeyId: 'a', keys: { a: oldKey, b: oldKey } });
      const [encoded] = await aliased.encode([jsonPayload]);
      await expect(aliased.decode([withMetadata(encoded, 'encryption-key-id', 'b')])).rejects.toThrow(
        "Cannot decrypt payload with key id 'b': authentication failed",
      );
    });

    it('a key id swapped for another key', async () => {
      const rotated = new AesGcmPayloadCodec({ activeKeyId: 'k2025', keys: { k2024: oldKey, k2025: newKey } });
      const [encoded] = await rotated.encode([jsonPayload]);
      await expect(rotated.decode([withMetadata(encoded, 'encryption-key-id', 'k2024')])).rejects.toThrow(
        "key id 'k2024': authentication failed",
      );
    });

    it('an unknown key id, including names of Object.prototype members', async () => {
      const [encoded] = await codec.encode([jsonPayload]);
      for (const id of ['k1999', 'constructor', '__proto__']) {
        await expect(codec.decode([withMetadata(encoded, 'encryption-key-id', id)])).rejects.toThrow(
          `Cannot decrypt payload: encryption key id '${id}' is not in the key ring`,
        );
      }
    });

    it('a missing key id', async () => {
      const [encoded] = await codec.encode([jsonPayload]);
      const { 'encryption-key-id': _dropped, ...metadata } = encoded.metadata ?? {};
      await expect(codec.decode([{ ...encoded, metadata }])).rejects.toThrow(
        "Cannot decrypt payload: its 'encryption-key-id' metadata is missing",
      );
    });

    it('without echoing key material or plaintext', async () => {
      const [encoded] = await codec.encode([jsonPayload]);
      const error = await codec
        .decode([{ ...encoded, data: Buffer.from(encoded.data ?? []).reverse() }])
        .catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      const message = String((error as Error).message);
      expect(message).toContain('authentication failed');
      expect(message).not.toContain(person);
      expect(message).not.toContain(oldKey.toString('base64'));
      expect(message).not.toContain(oldKey.toString('hex'));
    });
  });

  describe('key ring checks', () => {
    it('rejects an active key id missing from the ring', () => {
      expect(() => new AesGcmPayloadCodec({ activeKeyId: 'k2025', keys: { k2024: oldKey } })).toThrow(
        "Active payload key id 'k2025' is not in the key ring",
      );
    });

    it('rejects a key that is not 32 bytes', () => {
      expect(() => new AesGcmPayloadCodec({ activeKeyId: 'short', keys: { short: randomBytes(16) } })).toThrow(
        "Payload key 'short' must be 32 bytes, got 16",
      );
    });

    it('is not affected by later changes to the caller buffers', async () => {
      const key = Buffer.from(oldKey);
      const ownCodec = new AesGcmPayloadCodec({ activeKeyId: 'k2024', keys: { k2024: key } });
      const encoded = await ownCodec.encode([jsonPayload]);
      key.fill(0);
      await expect(ownCodec.decode(encoded)).resolves.toEqual([jsonPayload]);
    });
  });
});
