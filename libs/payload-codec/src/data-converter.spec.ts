import { randomBytes } from 'node:crypto';
import { defaultDataConverter } from '@temporalio/common';
import {
  decodeFromPayloadsAtIndex,
  encodeToPayloads,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';

// What a Client or Worker does with `dataConverter: { payloadCodecs: [codec] }`.
describe('AesGcmPayloadCodec in a Temporal data converter', () => {
  const codec = new AesGcmPayloadCodec({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
  const converter = loadDataConverter({ payloadCodecs: [codec] });
  const input = { personRef: 'Jane Smith NHS 943 476 5919', notes: ['called back', 'prefers mornings'], count: 3 };

  it('round-trips a JSON value through encryption', async () => {
    const payloads = await encodeToPayloads(converter, input, undefined);
    expect(payloads).toHaveLength(2);
    for (const payload of payloads ?? []) {
      expect(Buffer.from(payload.metadata?.['encoding'] ?? []).toString()).toBe('binary/encrypted');
      expect(Buffer.from(payload.data ?? []).includes('Jane Smith')).toBe(false);
    }
    await expect(decodeFromPayloadsAtIndex(converter, 0, payloads)).resolves.toEqual(input);
    await expect(decodeFromPayloadsAtIndex(converter, 1, payloads)).resolves.toBeUndefined();
  });

  it('refuses to read a value that was not encrypted: decoding succeeds, converting fails', async () => {
    const plain = await encodeToPayloads(defaultDataConverter, input);
    expect(Buffer.from(plain?.[0].data ?? []).includes('Jane Smith')).toBe(true);
    await expect(decodeFromPayloadsAtIndex(converter, 0, plain)).rejects.toThrow(
      'Unknown encoding: binary/refused-unencrypted',
    );
  });

  it('still reads values written before encryption was switched on, under plain: accept', async () => {
    const accepting = loadDataConverter({
      payloadCodecs: [new AesGcmPayloadCodec({ activeKeyId: 'k1', keys: { k1: randomBytes(32) }, plain: 'accept' })],
    });
    const plain = await encodeToPayloads(defaultDataConverter, input);
    await expect(decodeFromPayloadsAtIndex(accepting, 0, plain)).resolves.toEqual(input);
  });
});
