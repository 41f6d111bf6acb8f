import { authenticatedCaller } from './authenticated-caller';

describe('authenticatedCaller', () => {
  it('keeps the id on the request, out of sight of anything that lists its fields', () => {
    const providers = authenticatedCaller('provider', 'CurrentProvider');
    const request = { url: '/' };
    expect(providers.of(request)).toBeUndefined();
    providers.set(request, 'council-housing');
    expect(providers.of(request)).toBe('council-housing');
    expect(JSON.stringify(request)).toBe('{"url":"/"}');
    expect(Object.keys(request)).toEqual(['url']);
  });

  it('gives each kind of caller a slot of its own, even under the same name', () => {
    const providers = authenticatedCaller('provider', 'CurrentProvider');
    const commissioners = authenticatedCaller('commissioner', 'CurrentCommissioner');
    const again = authenticatedCaller('provider', 'CurrentProvider');
    const request = {};
    providers.set(request, 'council-housing');
    expect(commissioners.of(request)).toBeUndefined();
    expect(again.of(request)).toBeUndefined();
  });
});
