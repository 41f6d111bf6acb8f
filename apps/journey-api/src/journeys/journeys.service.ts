import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { ProblemException, problemType } from '@waymark/http';
import { decideOpenJourney, OpenJourneyCommand } from '@waymark/journey-domain';
import {
  JOURNEY_TASK_QUEUE,
  JOURNEY_WORKFLOW_TYPE,
  journeyWorkflowId,
  JourneyWorkflowInput,
} from '@waymark/journey-workflows';
import { randomUUID } from 'node:crypto';

export interface OpenedJourney {
  journeyId: string;
  status: 'open';
  leadProviderId: string;
  openedAt: string;
}

@Injectable()
export class JourneysService {
  constructor(@Inject(Client) private readonly temporal: Client) {}

  /** Checks the domain rules first, so a refused command never starts a workflow. */
  async open(command: OpenJourneyCommand): Promise<OpenedJourney> {
    const decision = decideOpenJourney(command, new Date());
    if (!decision.ok) {
      const { rule, message, field } = decision.rejection;
      throw new ProblemException({
        type: problemType('rule-violated'),
        title: 'Command refused by a journey rule',
        status: 422,
        detail: message,
        rule,
        ...(field ? { errors: [{ field, rule, message }] } : {}),
      });
    }
    const journeyId = randomUUID();
    const input: JourneyWorkflowInput = { journeyId, open: command };
    await this.temporal.workflow.start(JOURNEY_WORKFLOW_TYPE, {
      taskQueue: JOURNEY_TASK_QUEUE,
      workflowId: journeyWorkflowId(journeyId),
      args: [input],
    });
    return {
      journeyId,
      status: 'open',
      leadProviderId: command.leadProviderId,
      openedAt: command.occurredAt,
    };
  }
}
