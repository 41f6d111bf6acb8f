import type { Client } from '@temporalio/client';
import { PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import { measuresDataSourceOptions } from '@waymark/measures-store';
import {
  ensureTemporalNamespace,
  issueKey,
  journeyEventsTopicEnd,
  providerClient,
  RunningService,
  startService,
  startStack,
  testPort,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { OwnMeasures, ownMeasures, temporalClient } from '../gaps/harness';
import { readEvents } from '../measures-check/pipeline';

const NAMESPACE = 'waymark-e2e-graceful';
export type ServiceName = 'journey-api' | 'journey-worker' | 'measures-service' | 'dashboard';
/** Each service's grace period in these suites: a stop must end well within it. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * What the graceful-stop suites share: a measures side and provider of their own, the four services started and
 * stopped by name, a journey opener that keeps the ids it opened, and the projection's last applied seq by journey
 * beside the topic's.
 */
export class GracefulSuite {
  readonly services = new Map<ServiceName, RunningService>();
  readonly journeyIds = new Set<string>();
  readonly provider: string;
  own!: OwnMeasures;
  client!: Client;
  startOffsets!: Map<number, bigint>;
  providerApi!: ReturnType<typeof providerClient>;
  private readonly logDir: string;
  private readonly ports: Record<ServiceName, number>;

  /** The four services listen on `basePort` (as `testPort` offsets it) and the three ports after it. */
  constructor(
    private readonly label: string,
    basePort: number,
  ) {
    this.ports = {
      'journey-api': testPort(basePort),
      'measures-service': testPort(basePort + 1),
      'journey-worker': testPort(basePort + 2),
      dashboard: testPort(basePort + 3),
    };
    this.provider = `${label}-${randomBytes(3).toString('hex')}`;
    this.logDir = join(__dirname, '../../../../tmp/e2e-logs', label);
  }

  /** Its own measures database and consumer group (starting at the topic's end), then the four services. */
  async setUp(): Promise<void> {
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    this.client = await temporalClient(NAMESPACE);
    this.own = await ownMeasures(this.label.replace(/-/g, '_'));
    this.startOffsets = await journeyEventsTopicEnd();
    const key = issueKey(this.provider);
    await Promise.all((Object.keys(this.ports) as ServiceName[]).map((name) => this.start(name)));
    this.providerApi = providerClient(this.service('journey-api').url, key);
  }

  /** Restarts whatever a test stopped in the stack, pass or fail, then stops the services and drops the database. */
  async tearDown(): Promise<void> {
    await startStack();
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    await this.client?.connection.close();
    await this.own?.database.drop();
  }

  async start(name: ServiceName): Promise<RunningService> {
    const env = { TEMPORAL_NAMESPACE: NAMESPACE, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };
    const measures = name === 'measures-service' || name === 'dashboard' ? this.own.env : {};
    const service = await startService(name, this.ports[name], { ...env, ...measures }, { logDir: this.logDir });
    this.services.set(name, service);
    return service;
  }

  service(name: ServiceName): RunningService {
    return this.services.get(name) as RunningService;
  }

  /** SIGTERM to `name`; its exit code. */
  async stop(name: ServiceName): Promise<number | null> {
    const code = await this.service(name).stop();
    this.services.delete(name);
    return code;
  }

  /** How many journeys of the suite's provider Temporal has started. */
  async journeysStarted(): Promise<number> {
    return (await this.client.workflow.count(`${PROVIDERS_KEY.name} = '${this.provider}'`)).count;
  }

  /** Opens a journey through the API, keeping its id if it was opened. */
  readonly openJourney = async (): Promise<Response> => {
    const response = await this.providerApi.post('/v1/journeys', {
      personRef: `${this.label}-${randomBytes(4).toString('hex')}`,
      areaCode: 'E05000001',
      ageBand: '35-49',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    if (response.status === 201) {
      this.journeyIds.add(((await response.clone().json()) as { journeyId: string }).journeyId);
    }
    return response;
  };

  /** The last seq the projection applied for each journey it knows. */
  async appliedSeqs(): Promise<Map<string, number>> {
    const db = await new DataSource(measuresDataSourceOptions(this.own.database.url)).initialize();
    try {
      const rows: { id: string; seq: number }[] = await db.query(
        `SELECT journey_id AS id, (facts->>'seq')::int AS seq FROM journey_facts`,
      );
      return new Map(rows.map((r) => [r.id, r.seq]));
    } finally {
      await db.destroy();
    }
  }

  /** The last seq on the topic, since the suite began, for each of `journeyIds`. */
  async lastSeqsOnTopic(journeyIds: ReadonlySet<string>): Promise<Map<string, number>> {
    const last = new Map<string, number>();
    for (const e of await readEvents(this.startOffsets, journeyIds)) {
      last.set(e.subject, Math.max(e.seq, last.get(e.subject) ?? 0));
    }
    return last;
  }
}
