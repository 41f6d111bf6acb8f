import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { AppModule } from './app.module';
import { sdkMetricsAddress, workerConfigSchema } from './config';

const config = loadConfigOrExit(workerConfigSchema);
// No public API: only the management server (health, metrics).
void bootstrapService(AppModule.forRoot(config), {
  management: {
    port: config.MANAGEMENT_PORT,
    host: config.MANAGEMENT_HOST,
    forwardMetrics: [`http://${sdkMetricsAddress(config)}/metrics`],
  },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
});
