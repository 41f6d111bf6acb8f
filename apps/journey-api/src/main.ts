import { SwaggerModule } from '@nestjs/swagger';
import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { AppModule } from './app.module';
import { apiConfigSchema } from './config';
import { openApiDocument } from './openapi';

const config = loadConfigOrExit(apiConfigSchema);
void bootstrapService(AppModule.forRoot(config), {
  port: config.PORT,
  host: config.HOST,
  trustProxy: config.TRUST_PROXY,
  // Interactive docs at /docs, the document itself at /openapi.json.
  configure: (app) => SwaggerModule.setup('docs', app, openApiDocument as never, { jsonDocumentUrl: 'openapi.json' }),
});
