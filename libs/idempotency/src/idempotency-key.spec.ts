import { checkIdempotencyKey } from './idempotency-key';

describe('checkIdempotencyKey', () => {
  it.each(['a', '8e03978e-40d5-43e8-bc93-6894a57f9324', 'order 42 / retry~!', 'x'.repeat(255)])(
    'accepts %j',
    (value) => {
      expect(checkIdempotencyKey(value)).toEqual({ ok: true, key: value });
    },
  );

  it.each([undefined, ''])('says a missing key (%j) is required, naming the header', (value) => {
    expect(checkIdempotencyKey(value)).toEqual({
      ok: false,
      detail: 'The Idempotency-Key header is required on this request.',
    });
  });

  it.each(['x'.repeat(256), 'café', 'tab\there', 'line\nbreak', '\u007f'])('refuses %j', (value) => {
    expect(checkIdempotencyKey(value)).toEqual({
      ok: false,
      detail: 'The Idempotency-Key header must be 1–255 printable ASCII characters.',
    });
  });
});
