import type { CommandType } from '@waymark/journey-domain';

/**
 * Each journey command is `POST /v1/journeys/{journeyId}/{route}`. This table
 * drives the routing, the body validation and the OpenAPI document alike.
 */
export const COMMAND_ROUTES = {
  contacts: { command: 'record-contact', summary: 'Record a contact (value or failure demand)' },
  'what-matters': { command: 'record-what-matters', summary: 'Record what matters to the person' },
  assessments: { command: 'record-assessment', summary: 'Record a formal assessment' },
  help: { command: 'give-help', summary: 'Record help given towards what matters' },
  'progress-ratings': { command: 'rate-progress', summary: 'Record the person’s own progress rating (0–10)' },
  involvements: { command: 'involve-provider', summary: 'Bring another provider in; the lead keeps responsibility' },
  'hand-offs': { command: 'request-hand-off', summary: 'Ask another provider to take responsibility' },
  'hand-off-acceptances': { command: 'accept-hand-off', summary: 'Accept a hand-off addressed to the caller' },
  'hand-off-declines': { command: 'decline-hand-off', summary: 'Decline a hand-off addressed to the caller' },
  closures: { command: 'close-journey', summary: 'Close the journey, resolved (confirmed by the person) or not' },
} as const satisfies Record<string, { command: CommandType; summary: string }>;

export type CommandRoute = keyof typeof COMMAND_ROUTES;
export const isCommandRoute = (route: string): route is CommandRoute => Object.hasOwn(COMMAND_ROUTES, route);
