import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ProblemException } from '@waymark/http';
import { providerIdOf } from '@waymark/provider-access';

/**
 * Rate limits per provider, not per address: a council's case system sits behind
 * one gateway. Headers use the standard RateLimit-* names; a refusal carries Retry-After.
 */
@Injectable()
export class ProviderThrottlerGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return providerIdOf(req) ?? String(req['ip']);
  }

  protected override async throwThrottlingException(_: ExecutionContext, { limit }: ThrottlerLimitDetail) {
    throw ProblemException.rateLimited(
      `More than ${limit} requests in a minute from this provider; retry after the Retry-After header's seconds.`,
    );
  }

  /** One budget per provider across every route: the default key adds the controller and handler. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
