import {
  Client,
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import {
  DEFAULT_PILOT_EPOCH,
  JourneyCommand,
  JourneySettings,
  JourneyState,
  JourneyStatus,
  mustNotPredatePilot,
  openedState,
  openJourney,
  OpenJourneyCommand,
  Rejection,
  roleOf,
} from '@waymark/journey-domain';
import {
  CommandResult,
  JOURNEY_TASK_QUEUE,
  JOURNEY_WORKFLOW_TYPE,
  journeyCommandUpdate,
  journeyStateQuery,
  journeyWorkflowId,
  JourneyWorkflowInput,
  PROVIDERS_KEY,
  STATUS_KEY,
} from '@waymark/journey-workflows';
import { journeyIdFor, updateIdFor } from './ids';
import { JourneyRefusal, JourneysUnavailable } from './refusal';

export interface JourneySummary {
  journeyId: string;
  status: JourneyStatus;
  startedAt: string;
}

export interface JourneyPage {
  journeys: JourneySummary[];
  /** Opaque; absent on the last page. */
  nextPageToken?: string;
}

export interface JourneyClientOptions {
  /**
   * How long any call to Temporal may take before the caller is told to retry (503). A command needs a worker to
   * validate and apply it: with none polling, Temporal would hold the call open indefinitely.
   */
  deadlineMs: number;
  /** No occurredAt before this instant is accepted (journey-api's PILOT_EPOCH). */
  pilotEpoch?: string;
}

export const DEFAULT_DEADLINE_MS = 5_000;
const DEADLINE_GRACE_MS = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The providers' view of journeys through Temporal: start, command, read, list.
 * Every refusal comes back as a {@link JourneyRefusal}; a provider with no part
 * in a journey always gets `not-found`, whether or not it exists.
 */
export class JourneyClient {
  private readonly pilotEpoch: string;

  /**
   * `pilotEpoch` is checked here, at the door, rather than in the workflow: it is one deployment-wide bound that must
   * hold for every journey at once, also those already running (whose workflows keep the settings they started with).
   */
  constructor(
    private readonly temporal: Client,
    private readonly settings: JourneySettings,
    private readonly options: JourneyClientOptions,
  ) {
    this.pilotEpoch = options.pilotEpoch ?? DEFAULT_PILOT_EPOCH;
  }

  async open(command: OpenJourneyCommand, idempotencyKey: string): Promise<JourneyState> {
    const decision = mustNotPredatePilot(command.occurredAt, this.pilotEpoch) ?? openJourney(command, new Date());
    if (!decision.ok) throw new JourneyRefusal(decision.rejection);
    const journeyId = journeyIdFor(command.leadProviderId, idempotencyKey);
    const input: JourneyWorkflowInput = { journeyId, open: command, settings: this.settings };
    try {
      await this.withinDeadline(() =>
        this.temporal.workflow.start(JOURNEY_WORKFLOW_TYPE, {
          taskQueue: JOURNEY_TASK_QUEUE,
          workflowId: journeyWorkflowId(journeyId),
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          args: [input],
          typedSearchAttributes: [
            { key: STATUS_KEY, value: 'open' },
            { key: PROVIDERS_KEY, value: [command.leadProviderId] },
          ],
        }),
      );
    } catch (error) {
      // The same provider and key always name the same journey: a retry finds it started, and reads it.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw this.translate(error);
      return this.view(journeyId, command.leadProviderId);
    }
    // A new journey's state is what the same pure rules give: no round trip to a worker to answer.
    return openedState(journeyId, command);
  }

  async command(
    journeyId: string,
    actor: string,
    command: JourneyCommand,
    idempotencyKey: string,
  ): Promise<CommandResult> {
    if (!UUID.test(journeyId)) throw JourneyRefusal.notFound();
    const early = mustNotPredatePilot(command.occurredAt, this.pilotEpoch);
    if (early && !early.ok) throw new JourneyRefusal(early.rejection);
    try {
      // The workflow's validator checks the caller's part in the journey: no extra read first. If the deadline passes
      // (no worker), the Update may still be applied later; a retry with the same key has the same Update id, which
      // Temporal (within a run) and the workflow (across runs) answer with the first result instead of applying it again.
      return await this.withinDeadline(() =>
        this.handle(journeyId).executeUpdate(journeyCommandUpdate, {
          args: [{ actor, command }],
          updateId: updateIdFor(actor, idempotencyKey),
        }),
      );
    } catch (error) {
      if (!isCompletedWorkflowError(error)) throw this.translate(error);
      // Not-found for strangers, even on ended journeys. Asked of the server, not a worker: a worker can drop a query
      // that races the workflow's completion, which then times out after 30 s.
      if (!(await this.takesPart(journeyId, actor))) throw JourneyRefusal.notFound();
      throw new JourneyRefusal({ kind: 'conflict', rule: 'journey-ended', message: 'the journey has ended' });
    }
  }

  /** Whether the actor is among the journey's providers, by the search attributes the workflow keeps current. */
  private async takesPart(journeyId: string, actor: string): Promise<boolean> {
    try {
      const { typedSearchAttributes } = await this.withinDeadline(() => this.handle(journeyId).describe());
      return (typedSearchAttributes.get(PROVIDERS_KEY) ?? []).includes(actor);
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** The journey as its providers see it. */
  async view(journeyId: string, actor: string): Promise<JourneyState> {
    if (!UUID.test(journeyId)) throw JourneyRefusal.notFound();
    let state: JourneyState;
    try {
      state = await this.withinDeadline(() => this.handle(journeyId).query(journeyStateQuery));
    } catch (error) {
      throw this.translate(error);
    }
    if (roleOf(state, actor) === 'none') throw JourneyRefusal.notFound();
    return state;
  }

  /** The caller's journeys (led, involved in, or offered by hand-off), newest first. */
  async list(
    actor: string,
    options: { status?: JourneyStatus; pageSize: number; pageToken?: string },
  ): Promise<JourneyPage> {
    const clauses = [`WorkflowType = '${JOURNEY_WORKFLOW_TYPE}'`, `${PROVIDERS_KEY.name} = '${actor}'`];
    if (options.status) clauses.push(`${STATUS_KEY.name} = '${options.status}'`);
    let response: Awaited<ReturnType<Client['workflowService']['listWorkflowExecutions']>>;
    try {
      response = await this.withinDeadline(() =>
        this.temporal.workflowService.listWorkflowExecutions({
          namespace: this.temporal.options.namespace,
          query: clauses.join(' AND '),
          pageSize: options.pageSize,
          nextPageToken: options.pageToken ? Buffer.from(options.pageToken, 'base64url') : undefined,
        }),
      );
    } catch (error) {
      throw this.translate(error);
    }
    const journeys = (response.executions ?? []).map((execution) => ({
      journeyId: (execution.execution?.workflowId ?? '').replace(/^journey-/, ''),
      status: decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields).get(STATUS_KEY) as JourneyStatus,
      startedAt: new Date(Number(execution.startTime?.seconds ?? 0) * 1000).toISOString(),
    }));
    const token = response.nextPageToken?.length
      ? Buffer.from(response.nextPageToken).toString('base64url')
      : undefined;
    return { journeys, ...(token ? { nextPageToken: token } : {}) };
  }

  /**
   * Every call ends by the deadline: gRPC fails it with DEADLINE_EXCEEDED (or CANCELLED), which {@link translate}
   * makes a 503. The client's own retries (of RESOURCE_EXHAUSTED, with backoff) can outlast it, so a timer gives up
   * for it a moment later.
   */
  private async withinDeadline<T>(call: () => Promise<T>): Promise<T> {
    const { deadlineMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new JourneysUnavailable()), deadlineMs + DEADLINE_GRACE_MS);
    });
    try {
      return await Promise.race([this.temporal.connection.withDeadline(Date.now() + deadlineMs, call), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private handle(journeyId: string) {
    return this.temporal.workflow.getHandle(journeyWorkflowId(journeyId));
  }

  private translate(error: unknown): unknown {
    if (error instanceof WorkflowNotFoundError) return JourneyRefusal.notFound();
    // Nothing here cancels a call, so CANCELLED is the deadline too (gRPC reports one that passes mid-retry so).
    if (isGrpcDeadlineError(error) || isGrpcCancelledError(error) || isOverloaded(error)) {
      return new JourneysUnavailable();
    }
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const [rejection] = error.cause.details ?? [];
      if (isRejection(rejection)) return new JourneyRefusal(rejection);
    }
    return error;
  }
}

const RESOURCE_EXHAUSTED = 8; // gRPC status codes
const FAILED_PRECONDITION = 9;

/**
 * Temporal refuses more work for now: more than 10 Updates in flight on one workflow (no worker takes them), or an
 * Update while the workflow's last task failed or timed out and is being retried (seen with a worker starved of CPU;
 * it clears when a retry completes). Exported for its unit test.
 */
export function isOverloaded(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (!isGrpcServiceError(e)) continue;
    if (e.code === RESOURCE_EXHAUSTED) return true;
    if (e.code === FAILED_PRECONDITION && /workflow task in failed state/i.test(e.details)) return true;
  }
  return false;
}

function isRejection(value: unknown): value is Rejection {
  const r = value as Rejection | undefined;
  return typeof r?.rule === 'string' && typeof r.kind === 'string' && typeof r.message === 'string';
}

/**
 * Updates to a finished workflow fail at the server with the first message; one that arrives while the workflow is
 * closing, with the second. Both come back as NOT_FOUND, which must not read as "no such journey" to its providers.
 */
function isCompletedWorkflowError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /workflow execution already completed|update was aborted by closing workflow/i.test(error.message)
  );
}
