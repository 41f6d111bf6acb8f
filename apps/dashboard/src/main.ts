import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { startTracing } from '@waymark/observability';
import { AppModule } from './app.module';
import { dashboardConfigSchema } from './config';
import { BUILT_VIEWS } from './web/views';
import { BUILT_ASSETS, configureWeb } from './web/web-setup';

const config = loadConfigOrExit(dashboardConfigSchema);
// Spans only when the OTEL_* settings ask for them (docs/operations.md).
startTracing('dashboard');
void bootstrapService(AppModule.forRoot(config, BUILT_VIEWS), {
  api: { port: config.PORT, host: config.HOST },
  management: { port: config.MANAGEMENT_PORT, host: config.MANAGEMENT_HOST },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  trustProxy: config.TRUST_PROXY,
  kind: 'web',
  configure: (app) => configureWeb(app, { secure: config.DASHBOARD_SECURE_COOKIE, assets: BUILT_ASSETS }),
});
