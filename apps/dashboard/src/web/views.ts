import { createHash } from 'node:crypto';
import { join } from 'node:path';
import nunjucks from 'nunjucks';

/**
 * Where the templates are: the dashboard's own, and GOV.UK Frontend's (imported as `govuk/…`). The build copies both
 * next to main.js; from source (unit tests) GOV.UK Frontend's come from node_modules.
 */
export const BUILT_VIEWS = [join(__dirname, 'views')];
export const SOURCE_VIEWS = [
  join(__dirname, '..', 'views'),
  join(__dirname, '..', '..', '..', '..', 'node_modules', 'govuk-frontend', 'dist'),
];

/** Server-rendered pages: nunjucks with GOV.UK Frontend's template and components, every value escaped. */
export class Views {
  private readonly env: nunjucks.Environment;

  constructor(searchPaths: string[]) {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths), {
      autoescape: true,
      throwOnUndefined: false,
    });
  }

  render(template: string, context: object): string {
    return this.env.render(template, context);
  }

  /**
   * The SHA-256 of every inline script the layout writes (GOV.UK Frontend's template adds one that marks the page
   * as having JavaScript), as CSP sources: they are allowed by hash, and nothing else inline is.
   */
  inlineScriptHashes(): string[] {
    const html = this.render('accessibility.njk', { signedIn: false, csrfToken: '' });
    return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
      ([, body]) =>
        `'sha256-${createHash('sha256')
          .update(body ?? '')
          .digest('base64')}'`,
    );
  }
}
