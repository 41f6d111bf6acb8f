import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { AppModule } from './app.module';
import { workerConfigSchema } from './config';

const config = loadConfigOrExit(workerConfigSchema);
void bootstrapService(AppModule.forRoot(config), {
  port: config.PORT,
  host: config.HOST,
});
