import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// In a real Node process: Jest gives tests a process object of its own, whose warnings never reach stderr.
const script = `
  const { dropNegativeTimeoutWarnings } = require(${JSON.stringify(join(__dirname, 'negative-timeout-warning.ts'))});
  dropNegativeTimeoutWarnings();
  dropNegativeTimeoutWarnings(); // once per process, however many clients are made
  clearTimeout(setTimeout(() => undefined, -1747359280440)); // the delay kafkajs 2.2.4 passes
  process.emitWarning('something else', 'OtherWarning');
`;

describe('dropNegativeTimeoutWarnings', () => {
  it("drops Node's negative-timeout warning and prints every other warning", () => {
    const { stderr, status } = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(status).toBe(0);
    expect(stderr).toContain('OtherWarning: something else');
    expect(stderr).not.toContain('TimeoutNegativeWarning');
  });
});
