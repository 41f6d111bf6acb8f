/**
 * The workflow interceptors for tracing, loaded inside the workflow sandbox (bundled with the workflow code).
 *
 * Temporal's OpenTelemetry workflow interceptors are async functions: an activity is scheduled, and an Update
 * completed, a few promise turns later than without them, so a timer or an Update's completion changes places in
 * the command sequence and histories recorded without tracing fail to replay (decision 0020). Here nothing waits:
 * an Update's validator and handler run in the caller's trace context (no span of their own), and what the workflow
 * schedules carries the active context in its headers in the same turn. The activity's own span (the worker's
 * activity interceptor) continues that trace.
 */
import { context } from '@opentelemetry/api';
import {
  extractContextFromHeaders,
  headersWithContext,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  ActivityInput,
  ContinueAsNewInput,
  LocalActivityInput,
  Next,
  UpdateInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

class SameTurnInboundInterceptor extends OpenTelemetryInboundInterceptor {
  /**
   * No span of its own: the caller's Temporal client span already ends with the refusal, and a span per validation
   * (made, ended and sent out of the sandbox even with tracing off) was about a twelfth of the workflow thread's CPU
   * under load (issue 13). A validator writes nothing to history, so this changes no replay.
   */
  override validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) {
    return next(input);
  }

  override handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    const caller = extractContextFromHeaders(input.headers);
    return caller ? context.with(caller, () => next(input)) : next(input);
  }
}

class SameTurnOutboundInterceptor extends OpenTelemetryOutboundInterceptor {
  override scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return next({ ...input, headers: headersWithContext(input.headers) });
  }

  override scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    return next({ ...input, headers: headersWithContext(input.headers) });
  }

  override continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>) {
    return next({ ...input, headers: headersWithContext(input.headers) });
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new SameTurnInboundInterceptor()],
  outbound: [new SameTurnOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
