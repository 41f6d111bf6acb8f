import { SwaggerModule } from '@nestjs/swagger';
import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { startTracing } from '@waymark/observability';
import { AppModule } from './app.module';
import { apiConfigSchema } from './config';
import { openApiDocument } from './openapi';

const config = loadConfigOrExit(apiConfigSchema);
// Spans only when the OTEL_* settings ask for them (docs/operations.md).
startTracing('journey-api');
void bootstrapService(AppModule.forRoot(config), {
  api: { port: config.PORT, host: config.HOST },
  management: { port: config.MANAGEMENT_PORT, host: config.MANAGEMENT_HOST },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  trustProxy: config.TRUST_PROXY,
  // Interactive docs at /docs, the document itself at /openapi.json.
  configure: (app) => SwaggerModule.setup('docs', app, openApiDocument as never, { jsonDocumentUrl: 'openapi.json' }),
});
