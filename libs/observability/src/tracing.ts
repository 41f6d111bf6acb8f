import {
  context,
  Context,
  Link,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Where spans go: nowhere unless the standard OTEL_* settings ask for an exporter. */
export type TracesExporter = 'none' | 'otlp' | 'console';

/**
 * The exporter the environment asks for. Tracing is off unless OTEL_TRACES_EXPORTER names one, or an OTLP endpoint
 * is given without it; OTEL_SDK_DISABLED=true turns it off whatever else is set. Off means no network calls at all.
 */
export function tracesExporterFrom(env: NodeJS.ProcessEnv): TracesExporter {
  if (env['OTEL_SDK_DISABLED']?.toLowerCase() === 'true') return 'none';
  const named = env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase();
  if (named === 'otlp' || named === 'console' || named === 'none') return named;
  if (named) throw new Error(`OTEL_TRACES_EXPORTER=${named} is not supported (otlp, console or none)`);
  return env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ? 'otlp' : 'none';
}

export interface Tracing {
  /** Whether spans are recorded and exported. */
  enabled: boolean;
  /** The service's resource (service.name), which the workflow span sink needs too. */
  resource: Resource;
  /** Where finished spans go; a no-op when tracing is off (the Temporal worker hands workflow spans to it). */
  processor: SpanProcessor;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/**
 * Installs OpenTelemetry tracing for this process (SDK 1.x, the line @temporalio/interceptors-opentelemetry 1.24 is
 * built on): W3C trace context, async context through AsyncLocalStorage, spans to the exporter OTEL_* asks for
 * (OTLP/HTTP reads its endpoint and headers from OTEL_EXPORTER_OTLP_*). A test passes its own exporter.
 * Idempotent: the first call wins.
 */
export function startTracing(
  serviceName: string,
  { env = process.env, exporter }: { env?: NodeJS.ProcessEnv; exporter?: SpanExporter } = {},
): Tracing {
  if (current) return current;
  const resource = new Resource({ 'service.name': env['OTEL_SERVICE_NAME'] || serviceName });
  const chosen = exporter ?? exporterFor(tracesExporterFrom(env));
  if (!chosen) {
    current = { enabled: false, resource, processor: new NoopSpanProcessor(), shutdown: async () => undefined };
    return current;
  }
  const processor = new BatchSpanProcessor(chosen);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new W3CTraceContextPropagator(),
  });
  current = { enabled: true, resource, processor, shutdown: () => provider.shutdown() };
  return current;
}

/** Exports the spans still buffered; nothing when tracing is off. Call last on shutdown. */
export async function stopTracing(): Promise<void> {
  await current?.shutdown();
}

function exporterFor(kind: TracesExporter): SpanExporter | undefined {
  if (kind === 'otlp') return new OTLPTraceExporter();
  if (kind === 'console') return new ConsoleSpanExporter();
  return undefined;
}

export const tracer = () => trace.getTracer('waymark');

/** The active span's ids, for log lines; nothing when no span is recording. */
export function traceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** Kafka message headers as kafkajs gives them. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Adds the active trace context (traceparent, tracestate) to outgoing message headers. */
export function injectTraceContext(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

/** The trace context a message carries, if any. */
export function extractTraceContext(headers: MessageHeaders | undefined): Context {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return propagation.extract(ROOT_CONTEXT, text);
}

/**
 * Runs `work` in a span that continues the trace of the first context that has one and links the others (a batch of
 * messages from several traces is one unit of work).
 */
export async function inSpanContinuing<T>(
  name: string,
  parents: Context[],
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const traced = parents.map((parent) => trace.getSpanContext(parent)).filter((s) => s !== undefined);
  const [parent, ...others] = traced;
  const links: Link[] = others.map((spanContext) => ({ context: spanContext }));
  const parentContext = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  return tracer().startActiveSpan(name, { kind: SpanKind.CONSUMER, links, attributes }, parentContext, (span) =>
    endingWith(span, work),
  );
}

/** Runs `work` in a child span of the active one. */
export function inSpan<T>(name: string, attributes: Record<string, string | number>, work: (span: Span) => Promise<T>) {
  return tracer().startActiveSpan(name, { attributes }, (span) => endingWith(span, work));
}

async function endingWith<T>(span: Span, work: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await work(span);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
