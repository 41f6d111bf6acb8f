import { Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { mapAsyncIterable } from '@temporalio/client/lib/iterators-utils';
import type { temporal } from '@temporalio/proto';

/** One listed run and its history as Temporal stores it (payloads still encoded), or why it could not be read. */
export type ListedHistory =
  | { workflowId: string; runId: string; history: temporal.api.history.v1.IHistory }
  | { workflowId: string; runId: string; unreadable: string };

export interface HistoriesOptions {
  /** A visibility query (https://docs.temporal.io/list-filter). */
  query: string;
  /** Stop after this many runs. */
  limit?: number;
  /** Histories downloaded at once; at most twice this many are held in memory. */
  concurrency?: number;
}

/**
 * The histories of the runs a visibility query lists, downloaded a few at a time as they are consumed, so thousands
 * of runs never sit in memory together. Order: as downloads complete. A run that cannot be read (deleted by retention
 * between listing and download, say) comes out as `unreadable` instead of ending the stream.
 */
export function workflowHistories(
  client: Client,
  { query, limit, concurrency = 4 }: HistoriesOptions,
): AsyncIterable<ListedHistory> {
  const runs = take(client.workflow.list({ query, pageSize: 200 }), limit);
  return mapAsyncIterable(
    runs,
    async ({ workflowId, runId }): Promise<ListedHistory> => {
      try {
        return { workflowId, runId, history: await client.workflow.getHandle(workflowId, runId).fetchHistory() };
      } catch (error) {
        return { workflowId, runId, unreadable: whyUnreadable(error) };
      }
    },
    { concurrency, bufferLimit: concurrency },
  );
}

async function* take<T>(items: AsyncIterable<T>, limit = Infinity): AsyncIterable<T> {
  if (limit <= 0) return;
  let taken = 0;
  for await (const item of items) {
    yield item;
    if (++taken >= limit) return;
  }
}

const GRPC_NOT_FOUND = 5;

function whyUnreadable(error: unknown): string {
  if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND)) {
    return 'no longer in Temporal (deleted after it was listed)';
  }
  return error instanceof Error ? error.message : String(error);
}
