import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { AppModule } from './app.module';
import { apiConfigSchema } from './config';

const config = loadConfigOrExit(apiConfigSchema);
void bootstrapService(AppModule.forRoot(config), {
  port: config.PORT,
  host: config.HOST,
});
