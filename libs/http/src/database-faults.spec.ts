import { isTransientDatabaseFault } from './database-faults';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('telling a database fault from a bad write', () => {
  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['53100', 'could not extend file: No space left on device'],
    ['53300', 'too many connections'],
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access'],
    ['25006', 'cannot execute INSERT in a read-only transaction'],
    ['58030', 'could not write to file'],
    ['XX000', 'internal error'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['ECONNRESET', 'read ECONNRESET'],
  ])('%s (%s) is the database’s', (code, message) => {
    expect(isTransientDatabaseFault(withCode(code, message))).toBe(true);
  });

  it('a dropped connection without a code is the database’s', () => {
    expect(isTransientDatabaseFault(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseFault(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it.each([
    ['22008', 'date/time field value out of range: "50-06-01"'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['23505', 'duplicate key value violates unique constraint'],
    ['P0001', 'raised by a trigger'],
    ['42703', 'column does not exist'],
  ])('%s (%s) is about what was written', (code, message) => {
    expect(isTransientDatabaseFault(withCode(code, message))).toBe(false);
  });

  it('anything else unknown is about what was written', () => {
    expect(isTransientDatabaseFault(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransientDatabaseFault(null)).toBe(false);
  });
});
