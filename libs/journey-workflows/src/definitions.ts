import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyCommand, JourneySettings, JourneyState, OpenJourneyCommand } from '@waymark/journey-domain';

/** Shared by the API (client side) and the worker. */
export const JOURNEY_TASK_QUEUE = 'journeys';
export const JOURNEY_WORKFLOW_TYPE = 'journeyWorkflow';
export const journeyWorkflowId = (journeyId: string) => `journey-${journeyId}`;

/** Visibility keys the API lists journeys by (registered by the stack, see infra/local/components/temporal.sh). */
export const PROVIDERS_KEY = defineSearchAttributeKey('WaymarkProviders', 'KEYWORD_LIST');
export const STATUS_KEY = defineSearchAttributeKey('WaymarkJourneyStatus', 'KEYWORD');

/** A command's answer, small enough to keep for deduplication across runs. */
export interface CommandResult {
  events: { id: string; seq: number; type: JourneyEvent['type'] }[];
  /** The hand-off a request created, so the caller can refer to it. */
  handOffId?: string;
}

/** What a run hands to the next one when it continues as new. */
export interface Carried {
  state: JourneyState;
  /** Update ids already applied, with their results: Temporal dedupes Update ids only within one run. */
  processed: [string, CommandResult][];
  /** Events accepted but not yet published, in order. */
  unpublished: JourneyEvent[];
}

export interface JourneyWorkflowInput {
  journeyId: string;
  open: OpenJourneyCommand;
  settings: JourneySettings;
  /** Continue as new once history has this many events (Temporal may suggest it sooner). */
  historyLimit?: number;
  carried?: Carried;
}

export interface CommandRequest {
  /** The authenticated provider. */
  actor: string;
  command: JourneyCommand;
}

/** What the workflow needs from the outside world, implemented by the worker. */
export interface JourneyActivities {
  /** Publishes events in the given order; safe to retry (consumers dedupe by event id). */
  publishJourneyEvents(events: JourneyEvent[]): Promise<void>;
  /**
   * The same, run as a local activity within the workflow task, answering with the events it published: a local
   * activity's marker keeps its result, not its input, and the history must say what was published.
   */
  publishJourneyEventsInTask(events: JourneyEvent[]): Promise<JourneyEvent[]>;
}

/** Both ways of publishing from one function that publishes a batch in order. */
export const journeyActivities = (publish: (events: JourneyEvent[]) => Promise<unknown>): JourneyActivities => ({
  publishJourneyEvents: async (events) => void (await publish(events)),
  publishJourneyEventsInTask: async (events) => {
    await publish(events);
    return events;
  },
});

export const journeyCommandUpdate = defineUpdate<CommandResult, [CommandRequest]>('journeyCommand');
export const journeyStateQuery = defineQuery<JourneyState>('journeyState');
