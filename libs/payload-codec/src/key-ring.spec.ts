import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import { generatePayloadKey } from './key-ring';
import { parsePayloadKeys } from './payload-keys-config';

describe('generatePayloadKey', () => {
  it('makes a base64 32-byte key that the config accepts and the codec uses', async () => {
    const key = generatePayloadKey();
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${key}`, 'k1'));
    const payload = { metadata: { encoding: new Uint8Array(Buffer.from('binary/plain')) }, data: new Uint8Array([1]) };
    await expect(codec.decode(await codec.encode([payload]))).resolves.toEqual([payload]);
  });

  it('makes a different key each time', () => {
    expect(generatePayloadKey()).not.toBe(generatePayloadKey());
  });
});
