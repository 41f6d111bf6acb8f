import { Context } from '@temporalio/activity';
import { JourneyActivities, journeyActivities } from '@waymark/journey-workflows';
import type { JourneyEventPublisher } from '@waymark/kafka';

/**
 * The journey workflow's activities, bound to their adapters. A publication still running when the worker's shutdown
 * grace time ends (Kafka down, say) gives its attempt up, so the process can stop within its grace period: the
 * workflow retries the attempt on another worker, and consumers remove a copy the broker did write.
 */
export function createJourneyActivities(publisher: JourneyEventPublisher): JourneyActivities {
  return journeyActivities((events) => Promise.race([publisher.publish(events), Context.current().cancelled]));
}
