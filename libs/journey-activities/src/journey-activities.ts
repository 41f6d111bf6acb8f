import type { JourneyActivities } from '@waymark/journey-workflows';
import type { JourneyEventPublisher } from '@waymark/kafka';

/** The journey workflow's activities, bound to their adapters. */
export function createJourneyActivities(publisher: JourneyEventPublisher): JourneyActivities {
  return {
    publishJourneyEvents: (events) => publisher.publish(events),
  };
}
