import { databaseEnv } from '@waymark/config';
import { z } from 'zod';

export const opsConfigSchema = z.object({ ...databaseEnv });
