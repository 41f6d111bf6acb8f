import { Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { JourneyEvent } from '@waymark/event-contracts';
import { JOURNEY_WORKFLOW_TYPE, journeyWorkflowId } from '@waymark/journey-workflows';
import { journeyIdOf } from './journey-runs';
import { completedPublications, previousRunId } from './publications';

/** An event its workflow published, and when the publication completed. */
export interface Publication {
  event: JourneyEvent;
  publishedAt: Date;
}

/** What a journey's workflow has published, from the runs Temporal still holds. */
export interface PublishedEvents {
  journeyId: string;
  /** The published events from `fromSeq` on, one per seq, in seq order. */
  events: Publication[];
  /** The highest seq published (0 if nothing yet). */
  publishedThrough: number;
  /**
   * Seqs from `fromSeq` that only runs already deleted by the namespace's retention published: known to exist,
   * no longer readable. `to` is null when no retained run published anything to bound them by.
   */
  beyondRetention: { from: number; to: number | null } | null;
}

/**
 * Reads journeys' workflow histories for what they published. Every event a workflow publishes is the input of a
 * completed `publishJourneyEvents` activity or the result of a `publishJourneyEventsInTask` local activity in one of
 * its runs (continue-as-new chains the runs, newest first via each run's `continuedExecutionRunId`); they are
 * decoded with the client's codec. Only those are decoded: events carry no person data, the workflow's own input
 * and state (which do) are never read.
 */
export class JourneyHistory {
  constructor(private readonly temporal: Client) {}

  /**
   * Journey ids a page at a time: one per journey (its latest run), every journey unless `since` is given, then
   * only those still running or closed since (a journey closed before cannot have published anything since).
   */
  async *journeyIds({ since, pageSize = 500 }: { since?: Date; pageSize?: number } = {}): AsyncGenerator<string[]> {
    const clauses = [`WorkflowType = '${JOURNEY_WORKFLOW_TYPE}'`, `ExecutionStatus != 'ContinuedAsNew'`];
    if (since) clauses.push(`(ExecutionStatus = 'Running' OR CloseTime >= '${since.toISOString()}')`);
    let page: string[] = [];
    for await (const run of this.temporal.workflow.list({ query: clauses.join(' AND '), pageSize })) {
      page.push(journeyIdOf(run.workflowId));
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  /**
   * The events the journey's workflow published with seq ≥ `fromSeq`, reading its runs from the newest back only
   * as far as needed (usually just the newest). Null when Temporal holds no run of the journey.
   */
  async published(journeyId: string, fromSeq = 1): Promise<PublishedEvents | null> {
    const bySeq = new Map<number, Publication>();
    let publishedThrough = 0;
    let lowest = Infinity; // the lowest seq any retained run published
    let runId: string | undefined;
    for (let newest = true; ; newest = false) {
      const events = await this.runHistory(journeyId, runId);
      if (!events) {
        if (newest) return null;
        // The rest of the chain is past retention: what it published is gone from Temporal.
        const to = Number.isFinite(lowest) ? lowest - 1 : null;
        const beyondRetention = to === null || to >= fromSeq ? { from: fromSeq, to } : null;
        return { journeyId, events: sorted(bySeq), publishedThrough, beyondRetention };
      }
      for (const { events: encoded, completedAt } of completedPublications(events)) {
        const [published] = (await decodeArrayFromPayloads(this.temporal.options.loadedDataConverter, encoded)) as [
          JourneyEvent[],
        ];
        for (const event of published) {
          publishedThrough = Math.max(publishedThrough, event.seq);
          lowest = Math.min(lowest, event.seq);
          if (event.seq >= fromSeq && !bySeq.has(event.seq)) bySeq.set(event.seq, { event, publishedAt: completedAt });
        }
      }
      runId = previousRunId(events);
      // Each run publishes the seqs after its predecessor's: once one reached fromSeq, older runs have nothing more.
      if (!runId || lowest <= fromSeq) {
        return { journeyId, events: sorted(bySeq), publishedThrough, beyondRetention: null };
      }
    }
  }

  /** The namespace's retention: closed runs (continued-as-new ones too) are deleted this long after they close. */
  async retentionMs(): Promise<number | null> {
    const { config } = await this.temporal.workflowService.describeNamespace({
      namespace: this.temporal.options.namespace,
    });
    const ttl = config?.workflowExecutionRetentionTtl;
    return ttl ? Number(ttl.seconds ?? 0) * 1000 + Math.round((ttl.nanos ?? 0) / 1e6) : null;
  }

  private async runHistory(journeyId: string, runId?: string) {
    try {
      const history = await this.temporal.workflow.getHandle(journeyWorkflowId(journeyId), runId).fetchHistory();
      return history.events ?? [];
    } catch (error) {
      // A deleted run comes back as NOT_FOUND without the client's translation.
      if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND)) {
        return null;
      }
      throw error;
    }
  }
}

const GRPC_NOT_FOUND = 5;

const sorted = (bySeq: Map<number, Publication>) => [...bySeq.values()].sort((a, b) => a.event.seq - b.event.seq);
