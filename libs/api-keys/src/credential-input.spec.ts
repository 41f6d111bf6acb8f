import { checkedKeyLabel, CredentialInputError } from './credential-input';

describe('checkedKeyLabel', () => {
  it('keeps a label trimmed, and none as null', () => {
    expect(checkedKeyLabel('  case system ')).toBe('case system');
    expect(checkedKeyLabel('x'.repeat(200))).toBe('x'.repeat(200));
    expect(checkedKeyLabel(undefined)).toBeNull();
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses %j', (label) => {
    expect(() => checkedKeyLabel(label)).toThrow(CredentialInputError);
    expect(() => checkedKeyLabel(label)).toThrow('label must be 1–200 characters');
  });
});
