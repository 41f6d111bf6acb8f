import { StallWatch } from './stall-watch';

describe('StallWatch', () => {
  let now = 0;
  const watch = () => new StallWatch(() => now);
  beforeEach(() => (now = 1_000));

  it('is not stalled with nothing pending, however long it has been', () => {
    const w = watch();
    now += 60_000;
    expect(w.stalledMs()).toBe(0);
  });

  it('counts from when work arrived while nothing moves', () => {
    const w = watch();
    w.arrive();
    now += 5_000;
    w.arrive(); // more work arriving is not movement
    now += 5_000;
    expect(w.stalledMs()).toBe(10_000);
  });

  it('starts again whenever work moves, and stops once nothing is pending', () => {
    const w = watch();
    w.arrive();
    w.arrive();
    now += 7_000;
    w.moved();
    w.leave();
    now += 2_000;
    expect(w.stalledMs()).toBe(2_000);
    w.leave();
    expect(w.stalledMs()).toBe(0);
  });

  it('does not count work that gave up waiting as movement', () => {
    const w = watch();
    w.arrive(); // running, stuck
    w.arrive(); // waiting behind it
    now += 4_000;
    w.leave(); // the waiter gives up
    expect(w.stalledMs()).toBe(4_000);
  });

  it('tracks a unit of work that fails as having moved', async () => {
    const w = watch();
    await expect(
      w.track(async () => {
        now += 3_000;
        expect(w.stalledMs()).toBe(3_000);
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(w.stalledMs()).toBe(0);
  });
});
