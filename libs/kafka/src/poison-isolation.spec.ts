import { applyIsolatingPoison, IsolationSteps, RetryPolicy } from './poison-isolation';

const POLICY: RetryPolicy = { tries: 3, backoffMs: 100, maxBackoffMs: 400 };

/**
 * A dependency to apply numbered items to: `poison` items always fail it; `down` says whether it is unavailable
 * for the next call (asked once per call to apply); `transient` fails the next n calls whatever they hold.
 */
function harness(settings: { poison?: number[]; down?: () => boolean; transient?: number } = {}) {
  const record = {
    applied: [] as number[][],
    poisoned: [] as { item: number; tries: number; error: string }[],
    waits: [] as number[],
    calls: 0,
    failures: [] as { size: number; available: boolean; counted: number }[],
  };
  let transient = settings.transient ?? 0;
  let databaseDown = false;
  const steps: IsolationSteps<number, string> = {
    apply: async (items) => {
      record.calls++;
      databaseDown = settings.down?.() ?? false;
      if (databaseDown) throw new Error('connection refused');
      if (transient > 0) {
        transient--;
        throw new Error('deadlock detected');
      }
      const bad = items.find((i) => settings.poison?.includes(i));
      if (bad !== undefined) throw new Error(`item ${bad} breaks the write`);
      return `ok ${items.length}`;
    },
    available: async () => !databaseDown,
    wait: async (ms) => {
      record.waits.push(ms);
    },
    applied: async (items, result) => {
      expect(result).toBe(`ok ${items.length}`);
      record.applied.push(items);
    },
    poison: async (item, error, tries) => {
      record.poisoned.push({ item, tries, error: (error as Error).message });
    },
    failed: ({ size, available, counted }) => record.failures.push({ size, available, counted }),
  };
  return { steps, record };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('applying a batch that may hold a poison item', () => {
  it('applies a healthy batch at once, whole', async () => {
    const { steps, record } = harness();
    await applyIsolatingPoison(items(8), POLICY, steps);
    expect(record.applied).toEqual([items(8)]);
    expect(record.waits).toEqual([]);
  });

  it('outlasts a passing fault with backoff, and gives nothing up', async () => {
    const { steps, record } = harness({ transient: 2 });
    await applyIsolatingPoison(items(8), POLICY, steps);
    expect(record.applied).toEqual([items(8)]);
    expect(record.waits).toEqual([100, 200]);
    expect(record.poisoned).toEqual([]);
  });

  it('waits out an outage however many tries it takes, counting none of them, with the wait capped', async () => {
    let calls = 0;
    const { steps, record } = harness({ down: () => ++calls <= 10 });
    await applyIsolatingPoison(items(8), POLICY, steps);
    expect(record.poisoned).toEqual([]);
    expect(record.applied).toEqual([items(8)]); // never split: the items were never to blame
    expect(record.waits).toEqual([100, 200, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(record.failures.every((f) => !f.available && f.counted === 0)).toBe(true);
  });

  it('finds the one item that always fails, gives only it up after its own tries, and applies the rest in order', async () => {
    const { steps, record } = harness({ poison: [6] });
    await applyIsolatingPoison(items(8), POLICY, steps);
    expect(record.poisoned).toEqual([{ item: 6, tries: 3, error: 'item 6 breaks the write' }]);
    expect(record.applied.flat()).toEqual([1, 2, 3, 4, 5, 7, 8]);
    // 3 tries of the whole batch, halves once each down to the item, 3 tries of the item alone.
    expect(record.failures.map((f) => f.size)).toEqual([8, 8, 8, 4, 2, 1, 1, 1]);
    expect(record.waits).toEqual([100, 200, 100, 200]);
  });

  it('gives up each of several poison items, and only those', async () => {
    const { steps, record } = harness({ poison: [1, 5, 8] });
    await applyIsolatingPoison(items(9), POLICY, steps);
    expect(record.poisoned.map((p) => p.item)).toEqual([1, 5, 8]);
    expect(record.applied.flat()).toEqual([2, 3, 4, 6, 7, 9]);
  });

  it('gives up a batch of one after its tries', async () => {
    const { steps, record } = harness({ poison: [1] });
    await applyIsolatingPoison([1], POLICY, steps);
    expect(record.poisoned).toEqual([{ item: 1, tries: 3, error: 'item 1 breaks the write' }]);
    expect(record.calls).toBe(3);
  });

  it('does not blame an item for an outage that starts while it is being isolated', async () => {
    // The poison item is 6; the dependency goes down from the 5th call (while halving) for 6 calls.
    let calls = 0;
    const { steps, record } = harness({ poison: [6], down: () => ++calls >= 5 && calls < 11 });
    await applyIsolatingPoison(items(8), POLICY, steps);
    expect(record.poisoned.map((p) => p.item)).toEqual([6]);
    expect(record.applied.flat()).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  it('does not blame the items of a part for one passing failure while isolating', async () => {
    // 3 failures of the whole batch (poison 6), then one passing fault hits the first half [1..4].
    let calls = 0;
    const { steps, record } = harness({ poison: [6] });
    const apply = steps.apply;
    steps.apply = async (part) => {
      if (++calls === 4) throw new Error('deadlock detected');
      return apply(part);
    };
    await applyIsolatingPoison(items(8), POLICY, steps);
    expect(record.poisoned.map((p) => p.item)).toEqual([6]);
    expect(record.applied.flat()).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  it('stops when waiting is refused (the consumer is stopping), applying nothing more', async () => {
    const { steps, record } = harness({ poison: [2] });
    steps.wait = async () => {
      throw new Error('stopping');
    };
    await expect(applyIsolatingPoison(items(4), POLICY, steps)).rejects.toThrow('stopping');
    expect(record.applied).toEqual([]);
    expect(record.poisoned).toEqual([]);
  });

  it('gives every item up when every item fails while the dependency answers (a bug that throws for all)', async () => {
    const { steps, record } = harness({ poison: items(4) });
    await applyIsolatingPoison(items(4), POLICY, steps);
    expect(record.poisoned.map((p) => p.item)).toEqual(items(4));
  });
});
