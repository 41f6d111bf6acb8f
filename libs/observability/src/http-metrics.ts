import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram, register } from 'prom-client';

export const HTTP_REQUEST_DURATION = 'waymark_http_request_duration_seconds';

/** What Express leaves on a request once a route has matched it. */
interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** Requests no route answered (static files, 404s): one label value, so a scan of made-up paths adds no series. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The route template a request matched (`/v1/journeys/:journeyId`), never its path: ids and keys stay out of the
 * labels, and the number of series stays that of the routes.
 */
export function routeLabel(req: RoutedRequest): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}

/** The histogram, registered once per process (prom-client's default registry, served on the management port). */
export function httpRequestDuration(): Histogram<'method' | 'route' | 'status'> {
  const existing = register.getSingleMetric(HTTP_REQUEST_DURATION);
  if (existing) return existing as Histogram<'method' | 'route' | 'status'>;
  return new Histogram({
    name: HTTP_REQUEST_DURATION,
    help: 'Public API requests: seconds from arrival to the last byte of the answer, by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
}

/**
 * Connect-style middleware timing every request on the public port. The route is read when the answer is sent,
 * after routing; a request whose client went away before an answer is counted under status `aborted`.
 */
export function httpMetricsMiddleware(histogram = httpRequestDuration()) {
  return (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    const end = histogram.startTimer();
    let done = false;
    const record = (status: string) => {
      if (done) return;
      done = true;
      end({ method: req.method ?? 'GET', route: routeLabel(req), status });
    };
    res.once('finish', () => record(String(res.statusCode)));
    res.once('close', () => record(res.writableFinished ? String(res.statusCode) : 'aborted'));
    next();
  };
}
