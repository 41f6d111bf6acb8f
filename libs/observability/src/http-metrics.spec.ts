import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram, Registry } from 'prom-client';
import { httpMetricsMiddleware, routeLabel, UNMATCHED_ROUTE } from './http-metrics';

describe('routeLabel', () => {
  it('is the route template with the router it is mounted on, never the path', () => {
    const req = { url: '/v1/journeys/3f0c/contacts', baseUrl: '', route: { path: '/v1/journeys/:journeyId/:route' } };
    expect(routeLabel(req as unknown as IncomingMessage)).toBe('/v1/journeys/:journeyId/:route');
    expect(routeLabel({ baseUrl: '/v1', route: { path: '/measures' } } as unknown as IncomingMessage)).toBe(
      '/v1/measures',
    );
  });

  it('is one value for every request no route matched', () => {
    expect(routeLabel({ url: '/wp-admin/setup.php' } as IncomingMessage)).toBe(UNMATCHED_ROUTE);
  });
});

describe('httpMetricsMiddleware', () => {
  const setUp = () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'test_http_seconds',
      help: 'test',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    const middleware = httpMetricsMiddleware(histogram);
    const request = (path: string) => {
      const req = Object.assign(new EventEmitter(), { method: 'POST', url: path }) as unknown as IncomingMessage & {
        route?: { path: string };
      };
      const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false });
      let nextCalled = false;
      middleware(req, res as unknown as ServerResponse, () => (nextCalled = true));
      return { req, res, nextCalled: () => nextCalled };
    };
    const series = async () =>
      (await histogram.get()).values.filter(
        (v) => (v as { metricName?: string }).metricName === 'test_http_seconds_count',
      );
    return { request, series };
  };

  it('observes each answer once, under its route template and status', async () => {
    const { request, series } = setUp();
    const { req, res, nextCalled } = request('/v1/journeys/3f0c');
    expect(nextCalled()).toBe(true);
    req.route = { path: '/v1/journeys/:journeyId' };
    res.statusCode = 201;
    res.writableFinished = true;
    res.emit('finish');
    res.emit('close');
    const counts = await series();
    expect(counts).toEqual([
      expect.objectContaining({
        labels: { method: 'POST', route: '/v1/journeys/:journeyId', status: '201' },
        value: 1,
      }),
    ]);
  });

  it('counts a request whose client left before the answer as aborted', async () => {
    const { request, series } = setUp();
    request('/v1/measures').res.emit('close');
    const counts = await series();
    expect(counts).toEqual([
      expect.objectContaining({ labels: { method: 'POST', route: UNMATCHED_ROUTE, status: 'aborted' }, value: 1 }),
    ]);
  });
});
