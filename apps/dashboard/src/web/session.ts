import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '@waymark/api-keys';
import { CommissionerSession, CommissionerSessions } from '@waymark/commissioner-access';
import type { Request } from 'express';
import { cookiesOf, DashboardCookies } from './cookies';
import { Csrf } from './csrf';

const SESSION = Symbol('waymark.dashboardSession');
type WithSession = { [SESSION]?: CommissionerSession };

/** The signed-in commissioner's session, if the request has one. */
export const sessionOf = (request: object) => (request as WithSession)[SESSION];

/** Not signed in (or no longer): the page sends the browser to the sign-in form, and back here afterwards. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign-in required');
  }
}

/** A form came back without a valid CSRF token: expired, from another session, or not from our page at all. */
export class FormExpired extends Error {
  constructor() {
    super('invalid CSRF token');
  }
}

/**
 * Every route needs a live session unless `@Public()` (sign-in, the accessibility statement); the session is looked up
 * on every request, so signing out, expiry and a revoked key all take effect at once.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: CommissionerSessions,
    private readonly cookies: DashboardCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const token = cookiesOf(request)[this.cookies.session];
    const session = token === undefined ? null : await this.sessions.find(token);
    if (session) (request as WithSession)[SESSION] = session;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    if (!session) throw new SignInRequired(request.originalUrl);
    return true;
  }
}

/** Every request that could change something (a POST) must carry the CSRF token of its form, signed in or not. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: Csrf) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return true;
    if (!this.csrf.valid(request)) throw new FormExpired();
    return true;
  }
}
