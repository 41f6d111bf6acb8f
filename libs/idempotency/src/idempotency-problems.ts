import { ProblemException, problemType } from '@waymark/http';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';

/** The problems the idempotency interceptor answers with; their types are documented in docs/problems.md. */
export const idempotencyProblems = {
  invalidKey: (detail: string) =>
    new ProblemException({
      type: problemType('idempotency-key-invalid'),
      title: `Missing or invalid ${IDEMPOTENCY_KEY_HEADER} header`,
      status: 400,
      detail,
    }),

  /** The body cannot even be fingerprinted; body-parser's own refusals share this type. */
  bodyTooDeep: (detail: string) =>
    new ProblemException({
      type: problemType('malformed-body'),
      title: 'Malformed request body',
      status: 400,
      detail: `The request body is ${detail}.`,
    }),

  keyReused: () =>
    new ProblemException({
      type: problemType('idempotency-key-reused'),
      title: `${IDEMPOTENCY_KEY_HEADER} reused for a different request`,
      status: 422,
      detail: `This ${IDEMPOTENCY_KEY_HEADER} was first used with a different method, path or body; use a new key for a new request.`,
    }),

  inProgress: () =>
    new ProblemException({
      type: problemType('idempotency-key-in-progress'),
      title: 'Request still in progress',
      status: 409,
      detail: `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry shortly.`,
    }),
};
