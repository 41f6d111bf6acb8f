import { Client } from '@temporalio/client';
import { JourneyHistory } from '@waymark/journey-client';
import { JOURNEY_WORKFLOW_TYPE, journeyStateQuery, journeyWorkflowId } from '@waymark/journey-workflows';
import { AesGcmPayloadCodec, parsePayloadKeys } from '@waymark/payload-codec';
import { connectClient } from '@waymark/temporal';
import {
  createThrowawayDatabase,
  eventually,
  groupCaughtUp,
  runOpsCli,
  startConsumerGroupAtEnd,
  ThrowawayDatabase,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';

/**
 * What the gap and repair suites share: a measures side of their own (so held journeys and the repair check see only
 * the suite's journeys), a Temporal client that decrypts as the services do, and the repair command.
 */

export interface OwnMeasures {
  database: ThrowawayDatabase;
  group: string;
  /** For measures-service and ops-cli: the suite's database and consumer group. */
  env: Record<string, string>;
}

/** A throwaway database and a consumer group that starts where the topic ends now. */
export async function ownMeasures(label: string): Promise<OwnMeasures> {
  const database = await createThrowawayDatabase(label);
  const group = `e2e-${label}-${randomBytes(3).toString('hex')}`;
  await startConsumerGroupAtEnd(group);
  return { database, group, env: { DATABASE_URL: database.url, MEASURES_CONSUMER_GROUP: group } };
}

export function temporalClient(namespace: string): Promise<Client> {
  const keys = parsePayloadKeys(
    process.env['WAYMARK_PAYLOAD_KEYS'] ?? '',
    process.env['WAYMARK_PAYLOAD_ACTIVE_KEY'] ?? '',
  );
  return connectClient({
    connection: { address: process.env['TEMPORAL_ADDRESS'] ?? '' },
    namespace,
    codec: new AesGcmPayloadCodec(keys),
  });
}

/**
 * Ends journeys an earlier run of a suite left running in its namespace, and waits until Temporal's visibility says
 * so: a check with `--since` now then sees only this run's journeys.
 */
export async function terminateRunningJourneys(client: Client): Promise<void> {
  const query = `WorkflowType = '${JOURNEY_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
  const running = async () => {
    const ids: string[] = [];
    for await (const run of client.workflow.list({ query })) ids.push(run.workflowId);
    return ids;
  };
  for (const workflowId of await running()) {
    await client.workflow
      .getHandle(workflowId)
      .terminate('left running by an earlier test run')
      .catch(() => undefined); // it may just have finished
  }
  await eventually(running, (ids) => ids.length === 0);
}

/**
 * Waits until each journey's workflow has published every event it has made (its state's seq, asked again until it
 * stays put: a timer may add an event), and returns that seq by journey: where its events on the topic must run to.
 */
export async function waitUntilPublished(
  client: Client,
  journeyIds: readonly string[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  const history = new JourneyHistory(client);
  const seqOf = async (journeyId: string) =>
    (await client.workflow.getHandle(journeyWorkflowId(journeyId)).query(journeyStateQuery)).seq;
  const seqs = new Map<string, number>();
  for (const journeyId of journeyIds) {
    let seq = await seqOf(journeyId);
    for (;;) {
      const through = seq;
      await eventually(
        () => history.published(journeyId, through),
        (read) => (read?.publishedThrough ?? 0) >= through,
        timeoutMs,
      );
      seq = await seqOf(journeyId);
      if (seq === through) break;
    }
    seqs.set(journeyId, seq);
  }
  return seqs;
}

/** Until measures-service has committed everything on the topic now. */
export const caughtUp = (group: string) => eventually(() => groupCaughtUp(group), Boolean, 60_000);

/** `ops-cli journeys repair …` against the suite's namespace and measures database. */
export function repair(args: string[], namespace: string, own: OwnMeasures) {
  return runOpsCli(['journeys', 'repair', ...args], { ...own.env, TEMPORAL_NAMESPACE: namespace });
}

/** A gauge's or counter's value on a service's /metrics. */
export async function metric(serviceUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not on ${serviceUrl}/metrics`);
  return Number(line.slice(name.length + 1));
}

/** The MISSING column of `journeys repair --check`'s table, by journey. */
export function missingByJourney(stdout: string): Map<string, string> {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith('JOURNEY'));
  if (header < 0) return new Map();
  return new Map(
    lines
      .slice(header + 1)
      .filter((l) => /^[0-9a-f-]{36}\s/.test(l))
      .map((l) => {
        const [journeyId, , , , missing] = l.split(/\s{2,}/);
        return [journeyId as string, missing as string];
      }),
  );
}

/** 1,2,3,5 → "1-3,5", as the check prints seqs. */
export function seqRanges(seqs: readonly number[]): string {
  const sorted = [...new Set(seqs)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  sorted.forEach((seq, i) => {
    if (sorted[i + 1] === seq + 1) return;
    parts.push(start === seq ? `${seq}` : `${start}-${seq}`);
    start = sorted[i + 1];
  });
  return parts.join(',');
}
