import type { Rejection } from '@waymark/journey-domain';

/** A command or read the journey refused, with the domain rule that refused it. */
export class JourneyRefusal extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
    this.name = 'JourneyRefusal';
  }

  static notFound(): JourneyRefusal {
    return new JourneyRefusal({ kind: 'not-found', rule: 'not-a-participant', message: 'no such journey' });
  }
}

/** Journeys cannot be reached just now (no worker answered in time); the caller should retry. */
export class JourneysUnavailable extends Error {
  constructor() {
    super('journeys are temporarily unavailable; retry shortly');
    this.name = 'JourneysUnavailable';
  }
}
