import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Problem, ProblemException } from '@waymark/http';
import type { Request, Response } from 'express';
import { catchError, mergeMap, Observable, of } from 'rxjs';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from './idempotency-key';
import { IDEMPOTENCY_OPTIONS, IdempotencyOptions } from './idempotency-options';
import { idempotencyProblems } from './idempotency-problems';
import { IdempotencyStore } from './idempotency-store';
import { KEEP_AS_IS, REPLAY_CODEC, ReplayCodec } from './replay-codec';
import { JsonTooDeepError, requestFingerprint } from './request-fingerprint';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Problems that come out the same however often the request is repeated, so they are replayed like successes.
 * Everything else — 5xx, 401, 429, any other error — releases the key so the request can simply be retried.
 */
const REPLAYED_PROBLEM_STATUSES = new Set([400, 409, 422]);

/**
 * Makes a POST safe to retry: each one needs an Idempotency-Key; a repeat with the same key and request gets the
 * first response again (same status and body, plus `Idempotent-Replayed: true`) without running the handler.
 * Other methods pass through untouched. Handlers must return their body (no `@Res()` without passthrough).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (request.method !== 'POST') return next.handle();

    const caller = this.options.callerOf(request);
    if (!caller) throw new Error('IdempotencyInterceptor found no caller: is the authentication guard in place?');
    const checked = checkIdempotencyKey(request.header(IDEMPOTENCY_KEY_HEADER));
    if (!checked.ok) throw idempotencyProblems.invalidKey(checked.detail);
    const { key } = checked;

    const codec = this.reflector.get<ReplayCodec | undefined>(REPLAY_CODEC, context.getHandler()) ?? KEEP_AS_IS;
    const fingerprint = fingerprintOf(request);
    const begun = await this.store.begin(caller, key, fingerprint);
    switch (begun.kind) {
      case 'mismatch':
        throw idempotencyProblems.keyReused();
      case 'in-progress':
        response.setHeader('Retry-After', '1');
        throw idempotencyProblems.inProgress();
      case 'replay':
        response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
        // Only problems are stored with a 4xx status; the problem filter writes them as it did the first time.
        if (begun.status >= 400) throw new ProblemException(begun.body as Problem);
        response.status(begun.status);
        return of(codec.replay(begun.body, request, response));
      case 'new':
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.record(() => this.store.complete(caller, key, response.statusCode, codec.keep(body)));
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.record(() =>
              isReplayedProblem(error)
                ? this.store.complete(caller, key, error.problem.status, error.problem)
                : this.store.release(caller, key),
            );
            throw error;
          }),
        );
    }
  }

  /**
   * The answer has been decided by now; failing to record it must not change it. The key then stays in progress
   * until its lease runs out, and a retry after that runs the (idempotent) command again.
   */
  private async record(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.error({ err: error }, 'could not record the outcome of an idempotent request');
    }
  }
}

function fingerprintOf(request: Request): string {
  try {
    return requestFingerprint(request.method, request.originalUrl, request.body);
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw idempotencyProblems.bodyTooDeep(error.message);
    throw error;
  }
}

function isReplayedProblem(error: unknown): error is ProblemException {
  return error instanceof ProblemException && REPLAYED_PROBLEM_STATUSES.has(error.problem.status);
}
