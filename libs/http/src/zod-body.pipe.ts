import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { FieldError, ProblemException } from './problem';

/** One entry per bad field; an issue about unknown keys names each of them. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const at = (...extra: PropertyKey[]) => [...issue.path, ...extra].map(String).join('.') || '(body)';
    if (issue.code !== 'unrecognized_keys') return [{ field: at(), rule: issue.code, message: issue.message }];
    return issue.keys.map((key) => ({ field: at(key), rule: issue.code, message: `unknown field ${key}` }));
  });
}

/** Validates a request part against a zod schema; every bad field is named in a 400 problem. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw ProblemException.validation(toFieldErrors(result.error));
    return result.data;
  }
}
