import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '@waymark/payload-codec';
import { temporal } from '@temporalio/proto';
import type { ListedHistory } from '@waymark/temporal';
import { randomBytes } from 'node:crypto';
import type { HistoryCommand } from './history-args';
import { EX_UNREADABLE, KeyUsageDeps, runKeyUsage } from './payload-keys-commands';
import { recordingOutput } from './output';

const J = (n: number) => `0f8e2a70-1c1b-4a7e-9d1e-3b5b2c9d4e0${n}`;
const keys = { k1: randomBytes(32), k2: randomBytes(32), k0: randomBytes(32) };
const command = (overrides: Partial<HistoryCommand> = {}) =>
  ({ name: 'payload-keys usage', scope: { kind: 'running' }, json: false, ...overrides }) as Extract<
    HistoryCommand,
    { name: 'payload-keys usage' }
  >;

/** A run whose start input and one activity input were encrypted with the given keys. */
async function run(journey: number, ...keyIds: (keyof typeof keys)[]): Promise<ListedHistory> {
  const payloads: Payload[] = [];
  for (const activeKeyId of keyIds) {
    const [payload] = await new AesGcmPayloadCodec({ activeKeyId, keys }).encode([
      defaultPayloadConverter.toPayload({ personRef: 'Jane Smith' }) as Payload,
    ]);
    payloads.push(payload);
  }
  const history = temporal.api.history.v1.History.fromObject({
    events: payloads.map((payload) => ({ activityTaskScheduledEventAttributes: { input: { payloads: [payload] } } })),
  });
  return { workflowId: `journey-${J(journey)}`, runId: `run-${journey}`, history };
}

describe('runKeyUsage', () => {
  const { out, output, clear } = recordingOutput();
  beforeEach(clear);

  const deps = (runs: ListedHistory[], ring: KeyUsageDeps['ring']) => {
    const asked: unknown[] = [];
    const d: KeyUsageDeps = {
      histories: (options) => {
        asked.push(options);
        return (async function* () {
          yield* runs;
        })();
      },
      ring,
      now: () => 0,
    };
    return { d, asked };
  };
  const rotated = { activeKeyId: 'k2', keyIds: ['k1', 'k2'], plain: 'refuse' as const };

  it('counts payloads and journeys per key id, old journeys under the old key, new under the new', async () => {
    const { d, asked } = deps([await run(1, 'k1', 'k1'), await run(1, 'k1', 'k2'), await run(2, 'k2')], rotated);
    expect(await runKeyUsage(command(), d, output)).toBe(0);
    expect(asked).toEqual([{ query: "WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Running'" }]);
    expect(out.slice(1)).toEqual([
      'read 3 runs of 2 journeys in 0.0 s',
      'KEY ID  KEY RING  PAYLOADS  JOURNEYS',
      'k2      active    2         2',
      'k1      listed    3         1',
    ]);
    expect(out.join('\n')).not.toContain('Jane');
  });

  it('names the journeys under a key the ring no longer lists, and exits non-zero', async () => {
    const { d } = deps([await run(1, 'k0'), await run(2, 'k2')], rotated);
    expect(await runKeyUsage(command(), d, output)).toBe(EX_UNREADABLE);
    expect(out.slice(2)).toEqual([
      'KEY ID  KEY RING    PAYLOADS  JOURNEYS',
      'k2      active      1         1',
      'k1      listed      0         0',
      'k0      not listed  1         1',
      'no run of these uses k1; before removing one, check every run Temporal holds (--all)',
      'journeys with payloads this key ring cannot read (their workflow tasks fail until it can):',
      'KEY ID  JOURNEY',
      `k0      ${J(1)}`,
    ]);
  });

  it('says a listed key no run Temporal holds uses may be removed, only when every run was read', async () => {
    const { d } = deps([await run(2, 'k2')], rotated);
    expect(await runKeyUsage(command({ scope: { kind: 'all' } }), d, output)).toBe(0);
    expect(out.at(-1)).toBe('no run Temporal holds uses k1: may be removed from the key ring');
  });

  it('answers in JSON, unreadable runs included', async () => {
    const gone: ListedHistory = { workflowId: `journey-${J(3)}`, runId: 'run-3', unreadable: 'no longer in Temporal' };
    const { d } = deps([await run(1, 'k1'), gone], rotated);
    expect(await runKeyUsage(command({ json: true }), d, output)).toBe(EX_UNREADABLE);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({
      runs: 1,
      journeys: 1,
      keys: [
        { keyId: 'k2', standing: 'active', payloads: 0, owners: 0 },
        { keyId: 'k1', standing: 'listed', payloads: 1, owners: 1 },
      ],
      unreadable: [{ journeyId: J(3), runId: 'run-3', message: 'no longer in Temporal' }],
      ok: false,
    });
  });
});
