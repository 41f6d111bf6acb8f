import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { FieldError, ProblemException } from './problem';

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path, ...keys.slice(0, 1)].join('.') || '(body)';
    return { field, rule: issue.code, message: issue.message };
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
