import { loadConfigOrExit } from '@waymark/config';
import { bootstrapService } from '@waymark/http';
import { AppModule } from './app.module';
import { measuresConfigSchema } from './config';

const config = loadConfigOrExit(measuresConfigSchema);
void bootstrapService(AppModule.forRoot(config), {
  port: config.PORT,
  host: config.HOST,
});
