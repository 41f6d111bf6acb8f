import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { Public } from '@waymark/api-keys';
import { CommissionerSessions, CommissionerSignIn, SignInRefusal } from '@waymark/commissioner-access';
import type { Request, Response } from 'express';
import { cookiesOf, DashboardCookies } from '../web/cookies';
import { PageRenderer } from '../web/page-renderer';
import { sessionOf } from '../web/session';

const REFUSED: Record<SignInRefusal, { status: number; text: string }> = {
  missing: { status: 400, text: 'Enter your commissioner key' },
  'provider-key': {
    status: 401,
    text: 'That is a provider’s key, for recording journeys. Sign in with a commissioner key: it starts wmc_',
  },
  'not-valid': { status: 401, text: 'That key is not valid, or it has been revoked. Check it and try again' },
};

/** Where to go after signing in: a path of this site only (never another site's address). */
export function safeReturnPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/sign-') ? next : '/';
}

/**
 * Signing in with a commissioner key (never a provider's), into a server-side session whose token is the cookie;
 * signing out ends that session. Both forms carry a CSRF token (CsrfGuard).
 */
@Controller()
export class SignInController {
  constructor(
    private readonly signIn: CommissionerSignIn,
    private readonly sessions: CommissionerSessions,
    private readonly cookies: DashboardCookies,
    private readonly pages: PageRenderer,
  ) {}

  @Public()
  @Get('sign-in')
  form(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const next = safeReturnPath(query['next']);
    if (sessionOf(req)) return res.redirect(303, next);
    this.pages.send(req, res, 'sign-in.njk', { next, signedOut: query['signed-out'] === '1' });
  }

  @Public()
  @Post('sign-in')
  async submit(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const next = safeReturnPath(body['next']);
    const key = typeof body['key'] === 'string' ? body['key'] : '';
    const outcome = await this.signIn.signIn(key, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (outcome.kind === 'signed-in') {
      const ttl = outcome.expiresAt.getTime() - Date.now();
      res.cookie(this.cookies.session, outcome.token, this.cookies.options(ttl));
      return res.redirect(303, next);
    }
    const refusal =
      outcome.kind === 'wait'
        ? {
            status: 429,
            text: `Too many failed sign-ins from your network. Try again in ${outcome.retryAfterSeconds} seconds`,
          }
        : REFUSED[outcome.reason];
    if (outcome.kind === 'wait') res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
    this.pages.send(req, res, 'sign-in.njk', { next, errors: [{ text: refusal.text, href: '#key' }] }, refusal.status);
  }

  @Public()
  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    const token = cookiesOf(req)[this.cookies.session];
    if (token !== undefined) await this.sessions.end(token);
    res.clearCookie(this.cookies.session, this.cookies.options());
    res.redirect(303, '/sign-in?signed-out=1');
  }
}
