import { databaseAnswersAfter } from './database-faults';
import type { DataSource } from 'typeorm';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('does the database answer other work after a failure', () => {
  const answering = { query: jest.fn().mockResolvedValue([{ '?column?': 1 }]) } as unknown as DataSource;
  const silent = { query: jest.fn().mockRejectedValue(new Error('connect ECONNREFUSED')) } as unknown as DataSource;

  it('yes, when the failure was about the write and a trivial query answers', async () => {
    expect(await databaseAnswersAfter(answering, withCode('22008'))).toBe(true);
  });

  it('no, when a trivial query fails too', async () => {
    expect(await databaseAnswersAfter(silent, withCode('22008'))).toBe(false);
  });

  it('no, when the failure itself was the database’s, without asking', async () => {
    const asked = { query: jest.fn() } as unknown as DataSource;
    expect(await databaseAnswersAfter(asked, withCode('57P01'))).toBe(false);
    expect(asked.query).not.toHaveBeenCalled();
  });
});
