import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { startTracing } from '@waymark/observability';
import { AppModule } from './app.module';
import { sdkMetricsAddress, workerConfigSchema } from './config';

const config = loadConfigOrExit(workerConfigSchema);
// No public API: only the management server (health, metrics).
// Spans only when the OTEL_* settings ask for them (docs/operations.md).
startTracing('journey-worker');
void bootstrapService(AppModule.forRoot(config), {
  management: {
    port: config.MANAGEMENT_PORT,
    host: config.MANAGEMENT_HOST,
    forwardMetrics: [`http://${sdkMetricsAddress(config)}/metrics`],
  },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
});
