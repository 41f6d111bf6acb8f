import { Body, Controller, Get, INestApplication, Injectable, Post, Res, UseInterceptors } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ProblemException, ProblemFilter, problemType, ZodPipe } from '@waymark/http';
import { IdempotencyInterceptor, IdempotencyModule } from '@waymark/idempotency';
import {
  ApiKeyGuard,
  ApiKeysModule,
  AuthCacheOptions,
  CredentialStore,
  Public,
  SchemaDataSource,
  schemaDataSourceOptions,
} from '@waymark/api-keys';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurrentProvider, providerIdOf, PROVIDERS } from '@waymark/provider-access';
import { providerApiSchema } from './provider-access-test-support';
import type { Response } from 'express';
import { z } from 'zod';

/** How often the handlers behind the interceptor actually ran. */
@Injectable()
export class Runs {
  count = 0;
}

/** Holds the slow handler until the test lets it go. */
@Injectable()
export class Gate {
  entered = false;
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  async pass(): Promise<void> {
    this.entered = true;
    await this.opened;
  }

  open(): void {
    this.release();
  }
}

const thing = z.object({ name: z.string().min(1), tags: z.array(z.string()).default([]) }).strict();

@Controller('things')
@UseInterceptors(IdempotencyInterceptor)
class ThingsController {
  constructor(
    private readonly runs: Runs,
    private readonly gate: Gate,
  ) {}

  @Post()
  create(@Body(new ZodPipe(thing)) body: z.infer<typeof thing>, @CurrentProvider() providerId: string) {
    return { id: `thing-${++this.runs.count}`, providerId, ...body };
  }

  @Get()
  list(@CurrentProvider() providerId: string) {
    return { providerId, things: [] };
  }

  /** Answers 200 instead of the POST default 201, as an "already there" answer would. */
  @Post('existing')
  existing(@Res({ passthrough: true }) res: Response) {
    res.status(200);
    return { id: `thing-${++this.runs.count}`, existed: true };
  }

  @Post('refused')
  refused(): never {
    this.runs.count++;
    throw new ProblemException({ type: problemType('rule-violated'), title: 'Refused', status: 422, rule: 'no' });
  }

  @Post('crash')
  crash(): never {
    this.runs.count++;
    throw new Error('the database went away');
  }

  @Post('slow')
  async slow() {
    await this.gate.pass();
    return { id: `thing-${++this.runs.count}` };
  }
}

@Controller('whoami')
class WhoAmIController {
  @Get()
  whoami(@CurrentProvider() providerId: string) {
    return { providerId };
  }

  @Public()
  @Get('public')
  open() {
    return { public: true };
  }
}

export interface TestApp {
  baseUrl: string;
  credentials: CredentialStore;
  runs: Runs;
  gate: Gate;
  close(): Promise<void>;
}

/**
 * A tiny Nest app wired as journey-api is: provider_api data source, ApiKeyGuard for providers as APP_GUARD,
 * IdempotencyModule scoped by provider, problem responses (health probes are on the management server).
 */
export async function startTestApp(databaseUrl: string, authCache: AuthCacheOptions = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRootAsync({
        useFactory: () => schemaDataSourceOptions(providerApiSchema(databaseUrl)),
        dataSourceFactory: async (options) =>
          new SchemaDataSource(options ?? schemaDataSourceOptions(providerApiSchema(databaseUrl))),
      }),
      ApiKeysModule.forRoot({ audience: PROVIDERS, authCache }),
      IdempotencyModule.forRoot({ callerOf: providerIdOf }),
    ],
    controllers: [ThingsController, WhoAmIController],
    providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }, Runs, Gate],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new ProblemFilter());
  await app.listen(0, '127.0.0.1');
  return {
    baseUrl: await app.getUrl(),
    credentials: app.get(CredentialStore),
    runs: app.get(Runs),
    gate: app.get(Gate),
    close: () => app.close(),
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface CallOptions {
  apiKey?: string;
  idempotencyKey?: string;
  /** Sent as it is, so tests control the exact bytes. */
  json?: string;
  headers?: Record<string, string>;
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const { apiKey, idempotencyKey, json } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (apiKey !== undefined) headers['authorization'] = `Bearer ${apiKey}`;
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: json });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
