import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { sleep } from './services';

export type SearchAttributeType = 'Keyword' | 'KeywordList';

const INDEXED_TYPES: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

const isNotFound = (error: unknown) => (error as { code?: unknown } | null)?.code === 5; // gRPC NOT_FOUND

/**
 * Makes sure a Temporal namespace exists on the stack's server (TEMPORAL_ADDRESS) with the given custom search
 * attributes, creating what is missing. A suite whose services run in a namespace of their own shares no task queue
 * with any other suite's worker, so stopping its own worker really leaves nothing polling. Idempotent.
 */
export async function ensureTemporalNamespace(
  namespace: string,
  searchAttributes: Record<string, SearchAttributeType>,
  timeoutMs = 30_000,
): Promise<void> {
  const address = process.env['TEMPORAL_ADDRESS'];
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: eval "$(infra/local/stack env)" first');
  const connection = await Connection.connect({ address });
  try {
    const service = connection.workflowService;
    try {
      await service.describeNamespace({ namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    }
    // A new namespace reaches the server's namespace cache after a moment; until then it is NOT_FOUND.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = Object.entries(searchAttributes).filter(([name]) => !customAttributes?.[name]);
        if (missing.length === 0) return;
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_TYPES[type]])),
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await sleep(250);
      }
    }
    throw new Error(`namespace ${namespace} was not ready with its search attributes within ${timeoutMs} ms`);
  } finally {
    await connection.close();
  }
}
