import type { NextFunction, Request, Response } from 'express';
import { ProblemException, problemType } from './problem';

/** The most a request body may be; every body Waymark takes is a few kilobytes at most. */
export const BODY_LIMIT = '100kb';

export const malformedBody = (status: number, detail: string) =>
  new ProblemException({ type: problemType('malformed-body'), title: 'Malformed request body', status, detail });

/**
 * Every API takes JSON bodies only: a body of any other type is refused (415) before it is read, rather than read as
 * empty and answered with a list of missing fields the client did send.
 */
export function jsonBodiesOnly(request: Request, _response: Response, next: NextFunction): void {
  if (!hasBody(request) || isJson(request.headers['content-type'])) return next();
  next(malformedBody(415, 'The request body must be JSON, sent with "Content-Type: application/json".'));
}

/**
 * Errors raised while reading the body (bad JSON, too large, wrong charset or encoding) become problems here, before
 * Nest would turn bad JSON into a plain 400. body-parser marks its own with a `type`, but a broken compressed body
 * comes from zlib with only `expose` (http-errors' mark).
 */
export function bodyErrorsAsProblems(error: unknown, _request: Request, _response: Response, next: NextFunction) {
  next(
    isBodyError(error) ? malformedBody(error.status, `The request body could not be read: ${error.message}.`) : error,
  );
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function isBodyError(error: unknown): error is Error & { status: number } {
  const e = error as { type?: unknown; expose?: unknown; status?: unknown };
  const marked = typeof e?.type === 'string' || e?.expose === true;
  return marked && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}
