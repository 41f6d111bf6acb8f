import type { Client } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { JourneyClient } from '@waymark/journey-client';
import { DEFAULT_SETTINGS } from '@waymark/journey-domain';
import { journeyWorkflowId, PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import { AesGcmPayloadCodec, generatePayloadKey, parsePayloadKeys } from '@waymark/payload-codec';
import { connectClient, journeyWorkflowBundleOptions } from '@waymark/temporal';
import {
  ensureTemporalNamespace,
  eventually,
  RunningService,
  runOpsCli,
  startService,
  testPort,
} from '@waymark/test-support';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { terminateRunningJourneys } from '../gaps/harness';

/**
 * `ops-cli workflows replay-check` and `ops-cli payload-keys usage` against live histories: journeys run by the real
 * journey-worker in a namespace of this suite's own, encrypted with keys of its own, then a payload key rotation.
 */

const NAMESPACE = 'waymark-e2e-replay-check';
const PORT = testPort(3275);
const tmp = join(__dirname, '../../../../tmp/e2e-logs/replay-check');
const LEAD = 'council-housing';
const keys = { k1: generatePayloadKey(), k2: generatePayloadKey() };
const BEFORE = { WAYMARK_PAYLOAD_KEYS: `k1:${keys.k1}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k1' };
const ROTATED = { WAYMARK_PAYLOAD_KEYS: `k1:${keys.k1},k2:${keys.k2}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k2' };
const OLD_KEY_REMOVED = { WAYMARK_PAYLOAD_KEYS: `k2:${keys.k2}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k2' };
type Ring = typeof BEFORE;

interface ReplayReport {
  checked: number;
  passed: number;
  failed: { journeyId: string; message: string }[];
  ok: boolean;
}
interface UsageReport {
  runs: number;
  keys: { keyId: string; standing: string; payloads: number; owners: number; journeyIds?: string[] }[];
  ok: boolean;
}

function opsCli<T>(args: string[], ring: Ring, env: Record<string, string> = {}) {
  const result = runOpsCli([...args, '--json'], { TEMPORAL_NAMESPACE: NAMESPACE, ...ring, ...env });
  if (!result.stdout.trim()) throw new Error(`ops-cli ${args.join(' ')} printed nothing:\n${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.stdout) as T, stderr: result.stderr };
}

describe('replay check and payload key usage on live histories', () => {
  let worker: RunningService | undefined;
  let client: Client | undefined;
  const before: string[] = [];

  const connect = (ring: Ring) =>
    connectClient({
      connection: { address: process.env['TEMPORAL_ADDRESS'] ?? '' },
      namespace: NAMESPACE,
      codec: new AesGcmPayloadCodec(parsePayloadKeys(ring.WAYMARK_PAYLOAD_KEYS, ring.WAYMARK_PAYLOAD_ACTIVE_KEY)),
    });
  const startWorker = (ring: Ring) =>
    startService('journey-worker', PORT, { TEMPORAL_NAMESPACE: NAMESPACE, ...ring }, { logDir: tmp });

  /** A journey opened and updated through the providers' client, once its workflow has nothing left in flight. */
  async function journey(temporal: Client): Promise<string> {
    const journeys = new JourneyClient(temporal, DEFAULT_SETTINGS, { deadlineMs: 10_000 });
    const occurredAt = new Date(Date.now() - 86_400_000).toISOString();
    const { journeyId } = await journeys.open(
      { personRef: 'case-1', leadProviderId: LEAD, areaCode: 'E05000001', ageBand: '25-34', occurredAt },
      randomUUID(),
    );
    await journeys.command(
      journeyId,
      LEAD,
      { type: 'record-assessment', occurredAt, assessmentType: 'needs', minutesSpent: 20 },
      randomUUID(),
    );
    const handle = temporal.workflow.getHandle(journeyWorkflowId(journeyId));
    await eventually(
      async () => (await handle.describe()).raw.pendingActivities?.length ?? 0,
      (pending) => pending === 0,
    );
    return journeyId;
  }

  beforeAll(async () => {
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    client = await connect(BEFORE);
    // Runs left by an earlier run of this suite hold keys it no longer has: the default scope is running runs only.
    await terminateRunningJourneys(client);
    worker = await startWorker(BEFORE);
    before.push(await journey(client), await journey(client));
    await eventually(
      async () =>
        (await client?.workflow.count(`WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Running'`))?.count,
      (count) => count === 2,
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await client?.connection.close();
  });

  it('passes when this build replays every running journey', () => {
    const { code, report } = opsCli<ReplayReport>(['workflows', 'replay-check'], BEFORE);
    expect(report).toMatchObject({ checked: 2, passed: 2, failed: [], ok: true });
    expect(code).toBe(0);
  });

  it('fails naming every journey when the workflow code changed without patched()', async () => {
    mkdirSync(tmp, { recursive: true });
    const bundlePath = join(tmp, 'incompatible-workflow-bundle.js');
    const options = journeyWorkflowBundleOptions();
    const { code: bundle } = await bundleWorkflowCode({
      ...options,
      workflowInterceptorModules: [
        ...(options.workflowInterceptorModules ?? []),
        join(__dirname, 'incompatible-change.ts'),
      ],
    });
    writeFileSync(bundlePath, bundle);

    const { code, report } = opsCli<ReplayReport>(['workflows', 'replay-check'], BEFORE, {
      WORKFLOW_BUNDLE_PATH: bundlePath,
    });
    expect(code).toBe(2);
    expect(report).toMatchObject({ checked: 2, passed: 0, ok: false });
    expect(report.failed.map((f) => f.journeyId).sort()).toEqual([...before].sort());
    for (const { message } of report.failed) expect(message).toMatch(/nondetermin/i);
  }, 120_000);

  it('tells which key the journeys use, before and after a rotation, and which the ring can no longer read', async () => {
    const first = opsCli<UsageReport>(['payload-keys', 'usage'], BEFORE);
    expect(first.code).toBe(0);
    expect(first.report.keys).toEqual([{ keyId: 'k1', standing: 'active', payloads: expect.any(Number), owners: 2 }]);
    expect(first.report.keys[0]?.payloads).toBeGreaterThan(0);

    // Rotation: k2 becomes the primary, k1 stays listed; a journey opened now is encrypted with k2.
    await worker?.stop();
    worker = await startWorker(ROTATED);
    const rotated = await connect(ROTATED);
    try {
      await journey(rotated);
    } finally {
      await rotated.connection.close();
    }

    const usage = opsCli<UsageReport>(['payload-keys', 'usage'], ROTATED);
    expect(usage.code).toBe(0);
    expect(usage.report.keys).toEqual([
      { keyId: 'k2', standing: 'active', payloads: expect.any(Number), owners: 1 },
      { keyId: 'k1', standing: 'listed', payloads: first.report.keys[0]?.payloads, owners: 2 },
    ]);
    // Mixed keys replay as the rotated workers read them.
    expect(opsCli<ReplayReport>(['workflows', 'replay-check'], ROTATED).report).toMatchObject({ checked: 3, ok: true });

    const removed = opsCli<UsageReport>(['payload-keys', 'usage'], OLD_KEY_REMOVED);
    expect(removed.code).toBe(2);
    const k1 = removed.report.keys.find((k) => k.keyId === 'k1');
    expect(k1).toMatchObject({ standing: 'not listed', owners: 2 });
    expect(k1?.journeyIds?.sort()).toEqual([...before].sort());
    expect(removed.report.keys.find((k) => k.keyId === 'k2')?.journeyIds).toBeUndefined();
    expect(JSON.stringify(removed.report)).not.toContain('case-1');
    expect(removed.stderr + JSON.stringify(removed.report)).not.toContain(keys.k1);
  }, 120_000);
});
