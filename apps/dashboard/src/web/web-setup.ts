import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import { Csrf } from './csrf';
import { HtmlErrorsFilter } from './html-errors.filter';
import { Views } from './views';

/** The largest form body the dashboard takes: a key and a CSRF token. */
const FORM_LIMIT = '8kb';

/**
 * The dashboard's HTTP set-up, in place of the JSON APIs' (libs/http `kind: 'web'`): a strict Content-Security-Policy
 * (scripts and styles from this site only, no inline ones but GOV.UK Frontend's template line, allowed by its hash),
 * cookies, small form bodies, static files (GOV.UK Frontend's CSS and JavaScript, copied at build time), no caching of
 * anything but those files, and HTML error pages.
 */
export function configureWeb(app: INestApplication, { secure, assets }: { secure: boolean; assets: string }): void {
  const web = app as NestExpressApplication;
  const views = app.get(Views);
  web.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'", ...views.inlineScriptHashes()],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          manifestSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(secure && { upgradeInsecureRequests: [] }),
        },
      },
      strictTransportSecurity: secure,
    }),
  );
  web.useStaticAssets(assets, { prefix: '/assets/', index: false, maxAge: '1h', fallthrough: true });
  web.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  web.use(cookieParser());
  web.use(app.get(Csrf).browserId);
  web.useBodyParser('urlencoded', { limit: FORM_LIMIT, extended: false });
  web.useGlobalFilters(new HtmlErrorsFilter(views));
}

export const BUILT_ASSETS = join(__dirname, 'assets');
