import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isTransientDatabaseFault } from './database-faults';
import { Problem, PROBLEM_CONTENT_TYPE, ProblemException, problemType } from './problem';

/** Unavailability is passing: a 503 tells the client when to try again. */
const RETRY_AFTER_SECONDS = '5';

const INTERNAL: Problem = {
  type: problemType('internal'),
  title: 'Internal error',
  status: 500,
  detail: 'The request could not be completed.',
};

/** PostgreSQL is down or refusing work (keys, idempotency records, projections): passing, so a 503 to retry. */
const DATABASE_UNAVAILABLE: Problem = {
  type: problemType('unavailable'),
  title: 'Temporarily unavailable',
  status: 503,
  detail: 'The database is not answering just now. Try again after Retry-After.',
};

/**
 * Turns every error into an RFC 9457 problem response of a type listed in docs/problems.md. A database that does not
 * answer is a 503; other unexpected errors are logged in full and answered with a 500 that reveals nothing internal.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const problem = {
      ...this.toProblem(exception),
      instance: request.originalUrl,
    };
    if (problem.status === 503) this.logger.warn({ problem, err: exception }, 'request failed: unavailable');
    else if (problem.status >= 500) this.logger.error({ err: exception, problem }, 'request failed');
    const response = http.getResponse<Response>();
    if (problem.status === 503) response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isTransientDatabaseFault(exception)) return DATABASE_UNAVAILABLE;
    return INTERNAL;
  }
}

/**
 * Nest's and Express's own refusals, by status: an unknown route or method (404), a path that cannot be decoded (400),
 * a rate limit (429). Any other status gets a catch-all type, so every answer has a documented type.
 */
const HTTP_PROBLEMS: Record<number, { slug: string; title: string }> = {
  400: { slug: 'malformed-request', title: 'Malformed request' },
  404: { slug: 'unknown-route', title: 'No such route' },
  429: { slug: 'rate-limited', title: 'Too many requests' },
  503: { slug: 'unavailable', title: 'Temporarily unavailable' },
};

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
  const known = HTTP_PROBLEMS[status];
  if (known) return { type: problemType(known.slug), title: known.title, status, detail };
  if (status >= 500) return { ...INTERNAL, status };
  const title = HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'request refused';
  return {
    type: problemType('request-refused'),
    title: title.charAt(0).toUpperCase() + title.slice(1),
    status,
    detail,
  };
}
