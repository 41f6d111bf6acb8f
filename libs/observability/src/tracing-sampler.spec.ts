import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { inSpan, startTracing, stopTracing } from './tracing';

// A file of its own: startTracing installs once per process (Jest gives each file a fresh module registry).
describe('sampling from OTEL_TRACES_SAMPLER (the chart and compose set it)', () => {
  const exporter = new InMemorySpanExporter();
  const saved = { sampler: process.env['OTEL_TRACES_SAMPLER'], arg: process.env['OTEL_TRACES_SAMPLER_ARG'] };

  beforeAll(() => {
    // A ratio of 0: the SDK reads the standard variables itself, so no new trace is kept.
    process.env['OTEL_TRACES_SAMPLER'] = 'parentbased_traceidratio';
    process.env['OTEL_TRACES_SAMPLER_ARG'] = '0';
    startTracing('test', { exporter });
  });

  afterAll(async () => {
    await stopTracing();
    for (const [name, value] of [
      ['OTEL_TRACES_SAMPLER', saved.sampler],
      ['OTEL_TRACES_SAMPLER_ARG', saved.arg],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('keeps no trace the sampler drops', async () => {
    let recording = true;
    await inSpan('dropped', {}, async (span) => {
      recording = span.isRecording();
    });
    expect(recording).toBe(false);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
