import { randomBytes } from 'node:crypto';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { cookiesOf, DashboardCookies } from './cookies';

/** The form field every POST carries its CSRF token in. */
export const CSRF_FIELD = '_csrf';

/**
 * CSRF protection for every form that changes something (signing in and out): csrf-csrf's double-submit tokens,
 * HMAC-signed and bound to the browser's session — the signed-in session's token, or before sign-in a random
 * browser id — so a token taken from one session is no good in another. SameSite=Strict cookies already keep other
 * sites' requests from carrying them; this is the second lock.
 */
export class Csrf {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(
    private readonly cookies: DashboardCookies,
    secret: string = randomBytes(32).toString('base64url'),
  ) {
    this.csrf = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => {
        const jar = cookiesOf(req);
        return jar[cookies.session] ?? jar[cookies.browser] ?? '';
      },
      cookieName: cookies.csrf,
      cookieOptions: cookies.options(),
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] as string,
    });
  }

  /** The token to put in the page's forms (setting its cookie half if need be). */
  token(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res);
  }

  valid(req: Request): boolean {
    return this.csrf.validateRequest(req);
  }

  /** Gives a browser without a session or a browser id a random id, for this request and the ones after it. */
  browserId = (req: Request, res: Response, next: NextFunction): void => {
    const jar = cookiesOf(req);
    if (jar[this.cookies.session] === undefined && jar[this.cookies.browser] === undefined) {
      const id = randomBytes(32).toString('base64url');
      res.cookie(this.cookies.browser, id, this.cookies.options(24 * 60 * 60_000));
      req.cookies = { ...jar, [this.cookies.browser]: id };
    }
    next();
  };
}
