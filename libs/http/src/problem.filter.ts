import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Problem, PROBLEM_CONTENT_TYPE, ProblemException, problemType } from './problem';

/**
 * Turns every error into an RFC 9457 problem response. Unexpected errors are
 * logged in full and answered with a 500 that reveals nothing internal.
 */
const RETRY_AFTER_SECONDS = '5';

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
    if (problem.status >= 500) this.logger.error({ err: exception, problem }, 'request failed');
    const response = http.getResponse<Response>();
    if (problem.status === 503) response.setHeader('Retry-After', RETRY_AFTER_SECONDS); // unavailability is passing
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isBodyParserError(exception)) {
      return {
        type: problemType('malformed-body'),
        title: 'Malformed request body',
        status: exception.status,
        detail: exception.message,
      };
    }
    return {
      type: problemType('internal'),
      title: 'Internal error',
      status: 500,
      detail: 'The request could not be completed.',
    };
  }
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
  const title = HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'error';
  return {
    type: 'about:blank',
    title: title.charAt(0).toUpperCase() + title.slice(1),
    status,
    detail,
  };
}

/**
 * Errors raised while reading the body (bad JSON, too large, wrong charset) carry their own 4xx status; body-parser
 * marks its own with a `type`, but a broken compressed body comes from zlib with only `expose` (http-errors' mark).
 */
function isBodyParserError(error: unknown): error is Error & { status: number } {
  const e = error as { type?: unknown; expose?: unknown; status?: unknown };
  const marked = typeof e?.type === 'string' || e?.expose === true;
  return marked && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}
