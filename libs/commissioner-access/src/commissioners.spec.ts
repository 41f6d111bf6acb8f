import { CredentialInputError } from '@waymark/api-keys';
import { COMMISSIONERS } from './commissioners';

const checkedCommissionerId = COMMISSIONERS.checkOwner;

describe('commissioner ids', () => {
  it.each(['city-council', 'ics-north', 'c1', '0-commissioner', `a${'b'.repeat(62)}`])('accepts %j', (id) => {
    expect(checkedCommissionerId(id)).toBe(id);
  });

  it.each(['', 'c', 'City-Council', 'city council', '-city', 'city_council', 'city.council', `a${'b'.repeat(63)}`])(
    'refuses %j, saying which id and why',
    (id) => {
      expect(() => checkedCommissionerId(id)).toThrow(CredentialInputError);
      expect(() => checkedCommissionerId(id)).toThrow(
        `commissioner id "${id}" must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit`,
      );
    },
  );
});
