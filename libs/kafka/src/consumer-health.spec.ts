import { CONNECTED_WITHIN_MS, ConsumerHealth } from './consumer-health';

describe('ConsumerHealth', () => {
  it('is not connected until it has joined its group', () => {
    const health = new ConsumerHealth();
    health.heard(1_000);
    expect(health.state(1_000)).toEqual({ connected: false, lastCommitAt: undefined });
    health.joinedGroup(2_000);
    expect(health.state(2_000)).toEqual({ connected: true, lastCommitAt: undefined });
  });

  it('counts as disconnected once the broker has been silent longer than CONNECTED_WITHIN_MS', () => {
    const health = new ConsumerHealth();
    health.joinedGroup(0);
    health.heard(10_000);
    expect(health.state(10_000 + CONNECTED_WITHIN_MS).connected).toBe(true);
    expect(health.state(10_001 + CONNECTED_WITHIN_MS).connected).toBe(false);
    health.heard(50_000);
    expect(health.state(50_000).connected).toBe(true);
  });

  it('keeps the last commit, through leaving the group and joining again', () => {
    const health = new ConsumerHealth();
    health.joinedGroup(0);
    health.committed(5_000);
    health.left();
    expect(health.state(6_000)).toEqual({ connected: false, lastCommitAt: 5_000 });
    health.joinedGroup(7_000);
    expect(health.state(7_000)).toEqual({ connected: true, lastCommitAt: 5_000 });
  });
});
