import { openApiSchema, PROBLEM_SCHEMA, problemResponse } from '@waymark/http';
import { chartQuery, measuresQuery } from '@waymark/measures-report';
import type { z } from 'zod';

/**
 * The commissioners' API as OpenAPI 3.1, its parameters built from the zod schemas that validate them. Figure
 * definitions: docs/measures.md.
 */
const parameters = (query: z.ZodObject) =>
  Object.entries(query.shape).map(([name, s]) => ({
    name,
    in: 'query',
    required: !(s as z.ZodType).safeParse(undefined).success,
    schema: openApiSchema(s as z.ZodType),
  }));

const errors = {
  '400': problemResponse('A parameter is malformed or out of range; `errors` names each and its rule'),
  '401': problemResponse('Missing, unknown or revoked commissioner key (provider keys are not accepted here)'),
  '503': problemResponse(
    'Too busy to read the figures now, or stopping (`/problems/overloaded`); retry after Retry-After',
  ),
};

const figure = {
  oneOf: [
    { type: 'object', required: ['value'], properties: { value: { type: 'number' } } },
    {
      type: 'object',
      required: ['suppressed', 'reason'],
      properties: {
        suppressed: { const: true },
        reason: { enum: ['count-below-threshold', 'denominator-below-threshold'] },
      },
    },
    {
      type: 'object',
      required: ['unavailable', 'reason'],
      properties: { unavailable: { const: true }, reason: { const: 'cost-rate-missing' } },
    },
  ],
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Waymark commissioners’ API',
    version: '1',
    description:
      'Value and volume measures by provider, area and period, under disclosure control. Aggregates only: no endpoint returns a person’s journey.',
  },
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Commissioner API key (wmc_…)' } },
    schemas: { Problem: PROBLEM_SCHEMA, Figure: figure },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/v1/measures': {
      get: {
        operationId: 'measures',
        summary: 'Every figure for each period of the range (JSON, or CSV with format=csv)',
        tags: ['measures'],
        parameters: parameters(measuresQuery),
        responses: {
          '200': {
            description: 'Periods in order, each with every figure id of docs/measures.md',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    filter: { type: 'object' },
                    disclosureThreshold: { type: 'integer' },
                    freshness: { type: 'object' },
                    periods: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          start: { type: 'string', format: 'date' },
                          end: { type: 'string', format: 'date' },
                          figures: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Figure' } },
                        },
                      },
                    },
                  },
                },
              },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
    '/v1/measures/end-to-end-days/xmr': {
      get: {
        operationId: 'end-to-end-chart',
        summary: 'XmR capability chart of end-to-end days, per week or per sustained resolution',
        tags: ['charts'],
        parameters: parameters(chartQuery),
        responses: {
          '200': { description: 'Points, centre line, limits and signals', content: { 'application/json': {} } },
          ...errors,
        },
      },
    },
  },
};
