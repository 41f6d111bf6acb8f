import { HttpException } from '@nestjs/common';

/** One bad field and the rule it broke. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** An RFC 9457 problem details body. `type` identifies the kind of problem. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** The domain rule that refused a command, for 409/422 answers. */
  rule?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references, documented in docs/problems.md. */
export const problemType = (slug: string) => `/problems/${slug}`;

export class ProblemException extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }

  /** Too many requests; whoever throws this sets `Retry-After` on the response. */
  static rateLimited(detail: string): ProblemException {
    return new ProblemException({ type: problemType('rate-limited'), title: 'Too many requests', status: 429, detail });
  }

  static validation(errors: FieldError[], detail = 'The request is not valid; see errors.'): ProblemException {
    return new ProblemException({
      type: problemType('validation'),
      title: 'Invalid request',
      status: 400,
      detail,
      errors,
    });
  }
}
