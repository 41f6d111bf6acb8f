import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Where a guard leaves the id of the caller it authenticated, and how handlers read it back. */
export interface AuthenticatedCaller {
  /** The caller authenticated for this request, if any. */
  of(request: object): string | undefined;
  set(request: object, callerId: string): void;
  /**
   * The caller's id as a handler parameter. On a route that skipped authentication (`@Public()`) there is none,
   * which is a programming error: it fails the request with a 500.
   */
  readonly param: () => ParameterDecorator;
}

/**
 * A slot for one kind of caller (`provider`, `commissioner`) on the request. Its key is a symbol of its own:
 * invisible to serializers and loggers, and no clash with anything else on the request, another kind included.
 * `decoratorName` is what the parameter decorator is exported as, for the error message.
 */
export function authenticatedCaller(kind: string, decoratorName: string): AuthenticatedCaller {
  const slot = Symbol(`waymark.${kind}Id`);
  type WithCaller = { [slot]?: string };
  const of = (request: object) => (request as WithCaller)[slot];
  return {
    of,
    set: (request, callerId) => {
      (request as WithCaller)[slot] = callerId;
    },
    param: createParamDecorator((_: unknown, context: ExecutionContext): string => {
      const callerId = of(context.switchToHttp().getRequest<object>());
      if (callerId === undefined) {
        throw new Error(`@${decoratorName}() used on a route without an authenticated ${kind}`);
      }
      return callerId;
    }),
  };
}
