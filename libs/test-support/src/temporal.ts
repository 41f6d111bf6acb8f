import { Client, Connection } from '@temporalio/client';

/**
 * A workflow's history as Temporal stores it (no codec: what an operator would
 * see), as searchable text: the JSON plus every base64 byte field decoded.
 */
export async function temporalHistoryText(workflowId: string): Promise<string> {
  const connection = await Connection.connect({ address: process.env['TEMPORAL_ADDRESS'] ?? '' });
  try {
    const client = new Client({ connection, namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'waymark' });
    const history = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
    });
    const json = JSON.stringify(history);
    const decoded = [...json.matchAll(/"([A-Za-z0-9+/]{4,}={0,2})"/g)].map(([, b64]) =>
      Buffer.from(b64 ?? '', 'base64').toString('latin1'),
    );
    return [json, ...decoded].join('\n');
  } finally {
    await connection.close();
  }
}
