import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ProblemException, problemType } from '@waymark/http';
import { JourneyRefusal, JourneysUnavailable } from '@waymark/journey-client';
import { catchError, Observable } from 'rxjs';

const STATUS = { conflict: 409, invalid: 422 } as const;

/** Turns a journey rule's refusal into a problem response that names the rule; unavailability into a 503. */
@Injectable()
export class RefusalInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof JourneysUnavailable) throw unavailable(error.message);
        throw error instanceof JourneyRefusal ? toProblem(error) : error;
      }),
    );
  }
}

function toProblem({ rejection }: JourneyRefusal): ProblemException {
  const { kind, rule, message, field } = rejection;
  if (kind === 'not-found') {
    return new ProblemException({ type: problemType('not-found'), title: 'Not found', status: 404, detail: message });
  }
  if (kind === 'unavailable') return unavailable(message, rule);
  return new ProblemException({
    type: problemType(kind === 'conflict' ? 'state-conflict' : 'rule-violated'),
    title: kind === 'conflict' ? 'Not possible in the journey’s current state' : 'Refused by a journey rule',
    status: STATUS[kind],
    detail: message,
    rule,
    ...(field ? { errors: [{ field, rule, message }] } : {}),
  });
}

/** The problem filter adds Retry-After to every 503; the key is released, so a retry with it runs again. */
function unavailable(detail: string, rule?: string): ProblemException {
  return new ProblemException({
    type: problemType('unavailable'),
    title: 'Temporarily unavailable',
    status: 503,
    detail,
    ...(rule ? { rule } : {}),
  });
}
