import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracer } from './tracing';

/**
 * Express middleware: a server span per request, continuing the caller's W3C traceparent, active for everything the
 * request runs (the Temporal client interceptor carries it on). The span is named by method and Express route once
 * the route is known, never by the raw path. Does nothing while tracing is off (the API is a no-op then).
 */
export function traceRequests() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(`${req.method} request`, { kind: SpanKind.SERVER }, parent);
    span.setAttribute('http.request.method', req.method ?? '');
    const active = trace.setSpan(parent, span);
    res.once('finish', () => {
      const route = (req as IncomingMessage & { route?: { path?: string } }).route?.path;
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    // Stream events (the body, 'finish') run in the request's context too, not the socket's.
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
