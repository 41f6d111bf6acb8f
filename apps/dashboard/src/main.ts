import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { AppModule } from './app.module';
import { dashboardConfigSchema } from './config';
import { BUILT_VIEWS } from './web/views';
import { BUILT_ASSETS, configureWeb } from './web/web-setup';

const config = loadConfigOrExit(dashboardConfigSchema);
void bootstrapService(AppModule.forRoot(config, BUILT_VIEWS), {
  api: { port: config.PORT, host: config.HOST },
  management: { port: config.MANAGEMENT_PORT, host: config.MANAGEMENT_HOST },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  trustProxy: config.TRUST_PROXY,
  kind: 'web',
  configure: (app) => configureWeb(app, { secure: config.DASHBOARD_SECURE_COOKIE, assets: BUILT_ASSETS }),
});
