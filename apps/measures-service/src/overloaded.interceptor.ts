import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { ProblemException, problemType } from '@waymark/http';
import { TooBusy, tooBusy } from '@waymark/measures-reading';
import { catchError, Observable } from 'rxjs';

const DETAIL: Record<TooBusy, string> = {
  'queue-full': 'Too many requests for figures are waiting already.',
  'queue-timeout': 'The request waited too long for its turn.',
  closing: 'The service is stopping.',
  timeout: 'The figures could not be read in time.',
};

/**
 * A read that was not let in (too many waiting, waited too long, the service stopping) or that hit a database
 * timeout is a 503 `/problems/overloaded` with Retry-After: nothing waits forever, and the client may try again.
 */
@Injectable()
export class OverloadedInterceptor implements NestInterceptor {
  private readonly logger = new Logger(OverloadedInterceptor.name);

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const busy = tooBusy(error);
        if (busy === undefined) throw error;
        if (busy === 'timeout') this.logger.warn({ err: error }, 'a read timed out');
        throw overloaded(DETAIL[busy]);
      }),
    );
  }
}

const overloaded = (detail: string) =>
  new ProblemException({
    type: problemType('overloaded'),
    title: 'Too busy to answer now',
    status: 503,
    detail: `${detail} Try again after Retry-After seconds.`,
  });
