import { z } from 'zod';
import { ProblemException } from './problem';
import { ZodPipe } from './zod-body.pipe';

const pipe = new ZodPipe(z.object({ name: z.string().min(2), age: z.number().int() }).strict());

function problemOf(value: unknown) {
  try {
    pipe.transform(value);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem;
  }
  throw new Error('expected a problem');
}

describe('ZodPipe', () => {
  it('passes a valid value through', () => {
    expect(pipe.transform({ name: 'ab', age: 3 })).toEqual({
      name: 'ab',
      age: 3,
    });
  });

  it('names every bad, missing and unknown field with its rule in one 400 problem', () => {
    const problem = problemOf({ name: 'a', extra: true });
    expect(problem).toMatchObject({
      status: 400,
      type: '/problems/validation',
      title: 'Invalid request',
    });
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'name', rule: 'too_small' }),
      expect.objectContaining({ field: 'age', rule: 'invalid_type' }),
      expect.objectContaining({ field: 'extra', rule: 'unrecognized_keys' }),
    ]);
  });

  it('names every unknown field, not just the first', () => {
    expect(problemOf({ name: 'ab', age: 1, x: 1, y: 2 }).errors?.map((e) => e.field)).toEqual(['x', 'y']);
  });

  it('treats a missing body as an empty object, not a crash', () => {
    expect(problemOf(undefined).errors?.map((e) => e.field)).toEqual(['name', 'age']);
  });
});
