import { Connection } from '@temporalio/client';
import { JOURNEY_TASK_QUEUE } from '@waymark/journey-workflows';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Other workers polling the journeys task queue on this machine: they take a share of the
 * benchmark's workflow and activity tasks, so a run must say when there were any. Temporal
 * lists recent pollers by identity (`<pid>@<host>`, the SDK's default); only live local
 * processes other than `ours` are reported.
 */
export async function otherJourneyWorkers(address: string, namespace: string, ours: number[]): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const identities = new Set<string>();
    for (const taskQueueType of [1, 2]) {
      // 1: workflow tasks, 2: activity tasks
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: JOURNEY_TASK_QUEUE },
        taskQueueType,
      });
      for (const p of pollers ?? []) if (p.identity) identities.add(p.identity);
    }
    return [...identities].filter((identity) => {
      const [pid, host] = identity.split('@');
      const n = Number(pid);
      return host === hostname() && Number.isInteger(n) && !ours.includes(n) && existsSync(`/proc/${n}`);
    });
  } finally {
    await connection.close();
  }
}
