import { canonicalJson, JsonTooDeepError, MAX_JSON_DEPTH, requestFingerprint } from './request-fingerprint';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and drops whitespace', () => {
    const a = JSON.parse('{ "b": 1, "a": { "y": [1, {"q": 2, "p": 1}], "x": null } }');
    const b = JSON.parse('{"a":{"x":null,"y":[1,{"p":1,"q":2}]},"b":1}');
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":1,"q":2}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order, which carries meaning', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('orders keys by UTF-16 code units and escapes strings as JSON does', () => {
    expect(canonicalJson({ b: 'é"\n', B: 1, a: true, é: 0 })).toBe('{"B":1,"a":true,"b":"é\\"\\n","é":0}');
  });

  it('writes numbers in their shortest form, so 1.0 and 1e0 are the same value', () => {
    expect(canonicalJson(JSON.parse('{"n": 1.0, "m": 1e2}'))).toBe('{"m":100,"n":1}');
  });

  it('reads a missing body as null and leaves out undefined members', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });
});

describe('canonicalJson on hostile input', () => {
  it('refuses a value nested deeper than MAX_JSON_DEPTH instead of overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000));
    expect(() => canonicalJson(deep)).toThrow(JsonTooDeepError);
    const limit = JSON.parse('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    expect(canonicalJson(limit)).toBe('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
  });
});

describe('requestFingerprint', () => {
  const body = { leadProviderId: 'council-housing', areaCode: 'E05000001' };

  it('is a SHA-256 hex digest that ignores key order', () => {
    const fingerprint = requestFingerprint('POST', '/v1/journeys', body);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(
      requestFingerprint('post', '/v1/journeys', { areaCode: 'E05000001', leadProviderId: 'council-housing' }),
    ).toBe(fingerprint);
  });

  it('changes with the method, the path or the body', () => {
    const fingerprint = requestFingerprint('POST', '/v1/journeys', body);
    expect(requestFingerprint('PUT', '/v1/journeys', body)).not.toBe(fingerprint);
    expect(requestFingerprint('POST', '/v1/journeys?x=1', body)).not.toBe(fingerprint);
    expect(requestFingerprint('POST', '/v1/journeys', { ...body, areaCode: 'E05000002' })).not.toBe(fingerprint);
  });
});
