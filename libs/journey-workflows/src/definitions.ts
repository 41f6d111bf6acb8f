import { defineQuery } from '@temporalio/workflow';
import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyState, OpenJourneyCommand } from '@waymark/journey-domain';

/** Shared by the API (client side) and the worker. */
export const JOURNEY_TASK_QUEUE = 'journeys';
export const JOURNEY_WORKFLOW_TYPE = 'journeyWorkflow';
export const journeyWorkflowId = (journeyId: string) => `journey-${journeyId}`;

export interface JourneyWorkflowInput {
  journeyId: string;
  open: OpenJourneyCommand;
}

/** What the workflow needs from the outside world, implemented by the worker. */
export interface JourneyActivities {
  /** Publishes events in the given order; safe to retry (consumers dedupe by event id). */
  publishJourneyEvents(events: JourneyEvent[]): Promise<void>;
}

export const journeyStateQuery = defineQuery<JourneyState>('journeyState');
