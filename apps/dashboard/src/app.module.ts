import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ApiKeysModule, CredentialStore, FailedAuthLimiter } from '@waymark/api-keys';
import {
  COMMISSIONER_ACCESS_DATA_SOURCE,
  commissionerAccessTypeOrmModule,
  COMMISSIONERS,
  CommissionerSessions,
  CommissionerSignIn,
} from '@waymark/commissioner-access';
import { MeasuresReading, MeasuresReadingModule } from '@waymark/measures-reading';
import { MEASURES_READS_DATA_SOURCE } from '@waymark/measures-store';
import { healthChecks, loggingModule } from '@waymark/observability';
import { DataSource } from 'typeorm';
import { SignInController } from './auth/sign-in.controller';
import { DASHBOARD_CONFIG, DashboardConfig } from './config';
import { PagesController } from './pages/pages.controller';
import { DashboardCookies } from './web/cookies';
import { Csrf } from './web/csrf';
import { PageRenderer } from './web/page-renderer';
import { CsrfGuard, SessionGuard } from './web/session';
import { Views } from './web/views';

/**
 * The commissioners' dashboard: pages read through the same reading use case as measures-service's API (its own
 * readers' pool on the projections' database), sign-in with commissioner keys into server-side sessions.
 */
@Module({})
export class AppModule {
  static forRoot(config: DashboardConfig, viewPaths: string[]): DynamicModule {
    const cookies = new DashboardCookies(config.DASHBOARD_SECURE_COOKIE);
    const views = new Views(viewPaths);
    const csrf = new Csrf(cookies, config.DASHBOARD_CSRF_SECRET);
    return {
      module: AppModule,
      imports: [
        loggingModule('dashboard', config.LOG_LEVEL),
        MeasuresReadingModule.forRoot(config),
        // Commissioners' keys and the dashboard's sessions, in the commissioner_access schema (migrated at start-up).
        commissionerAccessTypeOrmModule(config.DATABASE_URL),
        ApiKeysModule.forRoot({
          audience: COMMISSIONERS,
          connection: COMMISSIONER_ACCESS_DATA_SOURCE,
          failedAuth: { limit: config.AUTH_FAILURES_PER_MINUTE },
        }),
      ],
      controllers: [SignInController, PagesController],
      providers: [
        { provide: DASHBOARD_CONFIG, useValue: config },
        { provide: DashboardCookies, useValue: cookies },
        { provide: Views, useValue: views },
        { provide: Csrf, useValue: csrf },
        { provide: PageRenderer, useValue: new PageRenderer(views, csrf) },
        {
          provide: CommissionerSessions,
          inject: [getDataSourceToken(COMMISSIONER_ACCESS_DATA_SOURCE)],
          useFactory: (db: DataSource) => new CommissionerSessions(db),
        },
        {
          provide: CommissionerSignIn,
          inject: [CredentialStore, CommissionerSessions, FailedAuthLimiter],
          useFactory: (store: CredentialStore, sessions: CommissionerSessions, failures: FailedAuthLimiter) =>
            new CommissionerSignIn(store, sessions, failures, config.DASHBOARD_SESSION_MINUTES * 60_000),
        },
        // CSRF first: a forged form is refused before anything else is looked at.
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: SessionGuard },
        healthChecks({
          inject: [
            getDataSourceToken(MEASURES_READS_DATA_SOURCE),
            getDataSourceToken(COMMISSIONER_ACCESS_DATA_SOURCE),
            MeasuresReading,
          ],
          useFactory: (reads: DataSource, access: DataSource, reading: MeasuresReading) => ({
            ready: [
              { name: 'projections', check: () => reads.query('SELECT 1 FROM projection_watermark LIMIT 1') },
              { name: 'credentials', check: () => access.query('SELECT 1') },
            ],
            live: [
              { name: 'reads', alive: () => reading.admission.watch.stalledMs() < config.MEASURES_STALL_TIMEOUT_MS },
            ],
          }),
        }),
      ],
    };
  }
}
