import { ReadAdmission, ReadRefused } from './read-admission';

/** A read that runs until the test lets it finish. */
function pending<T = void>() {
  let finish!: (value: T) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<T>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { read: () => done, finish, fail };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadAdmission', () => {
  afterEach(() => jest.useRealTimers());

  it('lets a read in only with every connection it needs, never part of them', async () => {
    const admission = new ReadAdmission({ connections: 3, queueLimit: 10, queueTimeoutMs: 60_000 });
    const started: string[] = [];
    const a = pending();
    const b = pending();
    const runA = admission.run(2, () => (started.push('a'), a.read()));
    const runB = admission.run(2, () => (started.push('b'), b.read()));
    await settled();
    expect(started).toEqual(['a']); // one connection is free, b needs two: it waits holding none
    a.finish();
    await runA;
    await settled();
    expect(started).toEqual(['a', 'b']);
    b.finish();
    await runB;
  });

  it('serves the queue in order: a small read does not overtake a larger one waiting before it', async () => {
    const admission = new ReadAdmission({ connections: 2, queueLimit: 10, queueTimeoutMs: 60_000 });
    const order: string[] = [];
    const first = pending();
    const running = admission.run(1, () => (order.push('first'), first.read()));
    const large = admission.run(2, async () => void order.push('large'));
    const small = admission.run(1, async () => void order.push('small'));
    await settled();
    expect(order).toEqual(['first']);
    first.finish();
    await Promise.all([running, large, small]);
    expect(order).toEqual(['first', 'large', 'small']);
  });

  it('refuses a read at once when the queue is full', async () => {
    const admission = new ReadAdmission({ connections: 1, queueLimit: 1, queueTimeoutMs: 60_000 });
    const holder = pending();
    const running = admission.run(1, holder.read);
    const waiting = admission.run(1, async () => 'waited');
    await expect(admission.run(1, async () => 'never')).rejects.toEqual(new ReadRefused('queue-full'));
    holder.finish();
    await running;
    await expect(waiting).resolves.toBe('waited');
  });

  it('refuses a read that waited longer than the queue timeout, and lets the next one in', async () => {
    jest.useFakeTimers();
    const admission = new ReadAdmission({ connections: 2, queueLimit: 10, queueTimeoutMs: 5_000 });
    const holder = pending();
    const running = admission.run(1, holder.read);
    const tooLarge = admission.run(2, async () => 'large');
    const behind = admission.run(1, async () => 'small');
    jest.advanceTimersByTime(5_000);
    await expect(tooLarge).rejects.toEqual(new ReadRefused('queue-timeout'));
    await expect(behind).resolves.toBe('small'); // the head left, so the free connection goes to the next
    holder.finish();
    await running;
  });

  it('hands the connections back when a read fails', async () => {
    const admission = new ReadAdmission({ connections: 1, queueLimit: 10, queueTimeoutMs: 60_000 });
    await expect(admission.run(1, async () => Promise.reject(new Error('statement timeout')))).rejects.toThrow(
      'statement timeout',
    );
    await expect(admission.run(1, async () => 'next')).resolves.toBe('next');
  });

  it('refuses the waiting reads and every later one once closed; running ones finish', async () => {
    const admission = new ReadAdmission({ connections: 1, queueLimit: 10, queueTimeoutMs: 60_000 });
    const holder = pending<string>();
    const running = admission.run(1, holder.read);
    const waiting = admission.run(1, async () => 'never');
    admission.close();
    await expect(waiting).rejects.toEqual(new ReadRefused('closing'));
    await expect(admission.run(1, async () => 'never')).rejects.toEqual(new ReadRefused('closing'));
    holder.finish('done');
    await expect(running).resolves.toBe('done');
  });

  it('will not queue a read that needs more connections than there are', async () => {
    const admission = new ReadAdmission({ connections: 1, queueLimit: 10, queueTimeoutMs: 60_000 });
    await expect(admission.run(2, async () => 'never')).rejects.toThrow('can never run on 1');
  });

  it('counts as stalled only while reads are pending and none is let in or finishes', async () => {
    let now = 0;
    const admission = new ReadAdmission({ connections: 1, queueLimit: 10, queueTimeoutMs: 60_000 }, () => now);
    const stuck = pending();
    const running = admission.run(1, stuck.read);
    const waiting = admission.run(1, async () => undefined);
    now = 30_000;
    expect(admission.watch.stalledMs()).toBe(30_000);
    stuck.finish();
    await running;
    await waiting;
    expect(admission.watch.stalledMs()).toBe(0);
  });
});
