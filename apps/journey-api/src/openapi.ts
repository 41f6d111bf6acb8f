import { openApiSchema as schema, PROBLEM_SCHEMA, problemResponse as problem } from '@waymark/http';
import { COMMAND_BODIES, openJourneyBody } from '@waymark/journey-domain';
import { z } from 'zod';
import { COMMAND_ROUTES } from './journeys/command-routes';
import { listJourneysQuery } from './journeys/list-query';

/**
 * The providers' API described as OpenAPI 3.1, built from the same zod schemas
 * that validate requests, so the document cannot drift from the behaviour.
 */
const errors = {
  '400': problem('The request is malformed; `errors` names each bad field and its rule'),
  '401': problem('Missing, unknown or revoked API key'),
  '404': problem('No such journey, or none the caller takes part in'),
  '409': problem('Not possible in the journey’s current state; `rule` names why'),
  '422': problem('Refused by a journey rule, or an Idempotency-Key reused with another body'),
  '413': problem('The body is over 100 kB (/problems/malformed-body)'),
  '415': problem('The body is not JSON (/problems/malformed-body)'),
  '429': problem('Rate limit exceeded, or too many failed authentications from this address; see Retry-After'),
  '503': problem('Journeys cannot be reached just now (no worker answered in time); retry after Retry-After'),
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Unique per intended change; a retry with the same key and body returns the first answer.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
const journeyId = { name: 'journeyId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const json = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

const queryParameters = Object.entries(listJourneysQuery.shape).map(([name, s]) => ({
  name,
  in: 'query',
  required: false,
  schema: schema(s),
}));

const commandPaths = Object.fromEntries(
  Object.entries(COMMAND_ROUTES).map(([route, { command, summary }]) => [
    `/v1/journeys/{journeyId}/${route}`,
    {
      post: {
        operationId: command,
        summary,
        tags: ['journey commands'],
        parameters: [journeyId, idempotencyKey],
        requestBody: json(COMMAND_BODIES[command]),
        responses: { '201': ok('Recorded: the events it produced'), ...errors },
      },
    },
  ]),
);

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Waymark providers’ API',
    version: '1',
    description: 'Record each person’s support journey. Every POST needs an Idempotency-Key.',
  },
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Provider API key (wmk_…)' } },
    schemas: {
      Problem: PROBLEM_SCHEMA,
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/v1/journeys': {
      post: {
        operationId: 'open-journey',
        summary: 'Open a journey led by the caller',
        tags: ['journeys'],
        parameters: [idempotencyKey],
        requestBody: json(openJourneyBody),
        responses: { '201': ok('The new journey'), ...errors },
      },
      get: {
        operationId: 'list-journeys',
        summary: 'The caller’s journeys, newest first',
        tags: ['journeys'],
        parameters: queryParameters,
        responses: { '200': ok('A page of journeys'), ...errors },
      },
    },
    '/v1/journeys/{journeyId}': {
      get: {
        operationId: 'get-journey',
        summary: 'One journey the caller takes part in',
        tags: ['journeys'],
        parameters: [journeyId],
        responses: { '200': ok('The journey'), ...errors },
      },
    },
    ...commandPaths,
  },
};
