import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { journeyIdOf, requestIdFor } from './logging';
import {
  extractTraceContext,
  inSpan,
  inSpanContinuing,
  injectTraceContext,
  startTracing,
  stopTracing,
  traceIds,
  tracesExporterFrom,
} from './tracing';

describe('tracesExporterFrom', () => {
  it('is off unless the OTEL settings ask for an exporter', () => {
    expect(tracesExporterFrom({})).toBe('none');
    expect(tracesExporterFrom({ OTEL_SERVICE_NAME: 'x' })).toBe('none');
    expect(tracesExporterFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporterFrom({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe('otlp');
    expect(tracesExporterFrom({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(tracesExporterFrom({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' })).toBe('none');
    expect(tracesExporterFrom({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe('none');
  });

  it('refuses an exporter it does not have', () => {
    expect(() => tracesExporterFrom({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/zipkin/);
  });
});

describe('request ids and journey ids for the logs', () => {
  it("keeps a caller's plain request id and replaces anything else", () => {
    expect(requestIdFor('abc-123')).toBe('abc-123');
    expect(requestIdFor('has space')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor('x'.repeat(65))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('finds the journey a path names', () => {
    const id = '0b5c3a52-1d7e-4a3b-9a43-5e0c2f4f1b11';
    expect(journeyIdOf(`/v1/journeys/${id}`)).toBe(id);
    expect(journeyIdOf(`/v1/journeys/${id}/contacts`)).toBe(id);
    expect(journeyIdOf('/v1/journeys?status=open')).toBeUndefined();
    expect(journeyIdOf('/v1/measures')).toBeUndefined();
  });
});

describe('trace context across a message', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing('test', { exporter });
  afterAll(() => stopTracing());

  it('carries the trace from the producing span to the consuming span and its child', async () => {
    let headers: Record<string, string> = {};
    let producing = { trace_id: '', span_id: '' };
    await inSpan('produce', {}, async () => {
      producing = traceIds() as typeof producing;
      headers = injectTraceContext({ 'ce-id': 'j:1' });
    });
    expect(headers['traceparent']).toBe(`00-${producing.trace_id}-${producing.span_id}-01`);

    const other = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    await inSpanContinuing(
      'consume',
      [
        extractTraceContext({ traceparent: Buffer.from(headers['traceparent']) }),
        extractTraceContext({ traceparent: other }),
        extractTraceContext({}),
      ],
      {},
      () => inSpan('commit', {}, async () => undefined),
    );
    await tracing.processor.forceFlush(); // (shutting down would empty the in-memory exporter)
    const spans = new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
    const consume = spans.get('consume');
    expect(consume?.spanContext().traceId).toBe(producing.trace_id);
    expect(consume?.parentSpanId).toBe(producing.span_id);
    expect(consume?.links.map((l) => l.context.traceId)).toEqual(['a'.repeat(32)]);
    expect(spans.get('commit')?.parentSpanId).toBe(consume?.spanContext().spanId);
  });

  it('names no trace in the logs outside a span', () => {
    expect(traceIds()).toEqual({});
  });
});
