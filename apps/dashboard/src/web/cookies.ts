import type { CookieOptions } from 'express';

/**
 * The dashboard's cookies, all HttpOnly and SameSite=Strict. Over HTTPS (DASHBOARD_SECURE_COOKIE, the default) they
 * are Secure and carry the `__Host-` prefix, which browsers honour only for a Secure cookie of the whole host, set
 * without a Domain; a local stack on plain HTTP drops both.
 */
export class DashboardCookies {
  /** The signed-in session's token (CommissionerSessions). */
  readonly session: string;
  /** A random id for a browser not signed in, so the sign-in form's CSRF token is bound to something. */
  readonly browser: string;
  /** csrf-csrf's half of the double-submit pair. */
  readonly csrf: string;

  constructor(readonly secure: boolean) {
    const prefix = secure ? '__Host-' : '';
    this.session = `${prefix}waymark-session`;
    this.browser = `${prefix}waymark-browser`;
    this.csrf = `${prefix}waymark-csrf`;
  }

  options(maxAgeMs?: number): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secure,
      path: '/',
      ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }),
    };
  }
}

/** The cookies cookie-parser read from the request. */
export const cookiesOf = (request: { cookies?: Record<string, string | undefined> }) => request.cookies ?? {};
