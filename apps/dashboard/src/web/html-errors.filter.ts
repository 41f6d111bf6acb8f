import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isTransientDatabaseFault } from '@waymark/http';
import { tooBusy } from '@waymark/measures-reading';
import type { Request, Response } from 'express';
import { FormExpired, SignInRequired } from './session';
import { Views } from './views';

/** Unavailability is passing: the page says so, and Retry-After when to try again. */
const RETRY_AFTER_SECONDS = '5';

interface ErrorPage {
  status: number;
  title: string;
  paragraphs: string[];
  link?: { href: string; text: string };
}

const BUSY: ErrorPage = {
  status: 503,
  title: 'The dashboard is busy',
  paragraphs: ['Too many people are reading figures at once. Try again in a few seconds.'],
};
const DATABASE_DOWN: ErrorPage = {
  status: 503,
  title: 'Sorry, the service is unavailable',
  paragraphs: ['The figures cannot be read just now. Try again in a few minutes.'],
};
const EXPIRED: ErrorPage = {
  status: 403,
  title: 'This form has expired',
  paragraphs: [
    'For your security the form could not be used: it may have been open too long, or opened before you signed in or out.',
  ],
  link: { href: '/', text: 'Go back and try again' },
};
const NOT_FOUND: ErrorPage = {
  status: 404,
  title: 'Page not found',
  paragraphs: ['If you typed the web address, check it is correct. If you pasted it, check you copied all of it.'],
  link: { href: '/', text: 'Go to the overview' },
};
const BROKEN: ErrorPage = {
  status: 500,
  title: 'Sorry, there is a problem with the service',
  paragraphs: ['Try again later.'],
};

/**
 * Every error as a page for people (the dashboard's answers are HTML, not problem documents): not signed in → to the
 * sign-in form and back; too busy (reads refused or timed out, decision 0012) or the database not answering → 503
 * with Retry-After; an expired form → 403; an unknown page → 404; anything unexpected → 500, logged in full, nothing
 * internal shown.
 */
@Catch()
export class HtmlErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(HtmlErrorsFilter.name);

  constructor(private readonly views: Views) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      response.redirect(303, `/sign-in?next=${encodeURIComponent(exception.returnTo)}`);
      return;
    }
    const page = this.pageFor(exception, request);
    if (page.status === 503) response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    response
      .status(page.status)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(this.views.render('error.njk', { ...page, signedIn: false }));
  }

  private pageFor(exception: unknown, request: Request): ErrorPage {
    if (tooBusy(exception) !== undefined) {
      this.logger.warn({ err: exception }, 'figures not read: too busy');
      return BUSY;
    }
    if (isTransientDatabaseFault(exception)) {
      this.logger.warn({ err: exception, path: request.path }, 'page not served: the database is not answering');
      return DATABASE_DOWN;
    }
    if (exception instanceof FormExpired) return EXPIRED;
    const status = statusOf(exception);
    if (status === 404) return NOT_FOUND;
    if (status !== undefined && status < 500) {
      return {
        status,
        title: 'The request could not be used',
        paragraphs: ['Go back and try again.'],
        link: { href: '/', text: 'Go to the overview' },
      };
    }
    this.logger.error({ err: exception, path: request.path }, 'page failed');
    return BROKEN;
  }
}

/** Nest's HTTP errors, and body-parser's (http-errors marks what it may show with `expose`). */
function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { status?: unknown; expose?: unknown };
  return e?.expose === true && typeof e.status === 'number' ? e.status : undefined;
}
