import { presentedApiKey } from './presented-api-key';

describe('presentedApiKey', () => {
  it('takes the key from a Bearer Authorization header, whatever the scheme case', () => {
    expect(presentedApiKey({ authorization: 'Bearer wmk_a_b' })).toEqual({ kind: 'key', apiKey: 'wmk_a_b' });
    expect(presentedApiKey({ authorization: 'bearer  wmk_a_b' })).toEqual({ kind: 'key', apiKey: 'wmk_a_b' });
  });

  it('takes the key from X-API-Key when there is no Authorization header', () => {
    expect(presentedApiKey({ 'x-api-key': 'wmk_a_b' })).toEqual({ kind: 'key', apiKey: 'wmk_a_b' });
  });

  it('prefers Authorization over X-API-Key', () => {
    expect(presentedApiKey({ authorization: 'Bearer one', 'x-api-key': 'two' })).toEqual({
      kind: 'key',
      apiKey: 'one',
    });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'wmk_a_b'])(
    'refuses an Authorization header that is not "Bearer <key>": %j',
    (authorization) => {
      expect(presentedApiKey({ authorization, 'x-api-key': 'ignored' })).toEqual({ kind: 'not-bearer' });
    },
  );

  it('says when there is no key at all', () => {
    expect(presentedApiKey({})).toEqual({ kind: 'missing' });
    expect(presentedApiKey({ 'x-api-key': '' })).toEqual({ kind: 'missing' });
  });
});
