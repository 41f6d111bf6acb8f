import { z } from 'zod';
import { apiClientEnv } from './env-schemas';

const schema = z.object(apiClientEnv);

describe('apiClientEnv', () => {
  it('believes no proxy and allows 30 failed authentications a minute unless told otherwise', () => {
    expect(schema.parse({})).toEqual({ AUTH_FAILURES_PER_MINUTE: 30, TRUST_PROXY: false });
    expect(schema.parse({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(schema.parse({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it('takes a hop count, or a list of addresses and subnets, for Express', () => {
    expect(schema.parse({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(schema.parse({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
  });

  it('refuses to trust every proxy, which would let any client choose its address', () => {
    expect(schema.safeParse({ TRUST_PROXY: 'true' }).success).toBe(false);
    expect(schema.safeParse({ TRUST_PROXY: ' TRUE ' }).success).toBe(false);
  });

  it('refuses a limit below one', () => {
    expect(schema.safeParse({ AUTH_FAILURES_PER_MINUTE: '0' }).success).toBe(false);
  });
});
