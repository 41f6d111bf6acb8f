import type { Request, Response } from 'express';
import { NAV_LABELS, PAGES } from '../pages/catalogue';
import { Csrf } from './csrf';
import { sessionOf } from './session';
import { Views } from './views';

/**
 * Renders a page with what the layout needs — signed in or not, the CSRF token for the sign-out form, the navigation
 * carrying the current filter — and sends it, never to be cached: pages hold figures or forms.
 */
export class PageRenderer {
  constructor(
    private readonly views: Views,
    private readonly csrf: Csrf,
  ) {}

  send(
    req: Request,
    res: Response,
    template: string,
    context: { path?: string; filterQuery?: string } & Record<string, unknown>,
    status = 200,
  ): void {
    const signedIn = sessionOf(req) !== undefined;
    const query = context.filterQuery ? `?${context.filterQuery}` : '';
    const navigation = PAGES.map((page) => ({
      href: `${page.path}${query}`,
      text: NAV_LABELS[page.path],
      current: page.path === context.path,
    }));
    const html = this.views.render(template, {
      ...context,
      signedIn,
      navigation,
      csrfToken: this.csrf.token(req, res),
    });
    res.status(status).type('html').send(html);
  }
}
