import { openApiSchema, PROBLEM_SCHEMA, problemResponse } from '@waymark/http';
import { chartQuery, measuresQuery } from './measures-query';
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
  '429': problemResponse('Too many failed authentications from this address; see Retry-After'),
  '503': problemResponse(
    'Too busy to read the figures now, or stopping (`/problems/overloaded`); retry after Retry-After',
  ),
};

const figure = {
  description:
    'A count is the lowest value of its band of 5 (10 stands for 10–14), shown only from smallestShownCount; a rate or count per journey is worked out from such bands',
  oneOf: [
    { type: 'object', required: ['value'], properties: { value: { type: 'number' } } },
    {
      type: 'object',
      required: ['suppressed', 'reason'],
      properties: {
        suppressed: { const: true },
        reason: {
          enum: ['count-below-threshold', 'denominator-below-threshold', 'numerator-or-complement-below-threshold'],
        },
      },
    },
    {
      type: 'object',
      required: ['unavailable', 'reason'],
      properties: { unavailable: { const: true }, reason: { const: 'cost-rate-missing' } },
    },
  ],
};

const days = { type: ['number', 'null'] };
const chart = {
  type: 'object',
  description:
    'An XmR chart read the Making Data Count way (docs/measures.md "Charts", decision 0016); days rounded to 2 decimals',
  properties: {
    filter: { type: 'object' },
    disclosureThreshold: { type: 'integer' },
    smallestShownCount: { type: 'integer' },
    by: { enum: ['week', 'closure-group'] },
    suppressedWeeks: { type: 'array', items: { type: 'string', format: 'date' }, description: 'by week' },
    groupSize: { type: 'integer', description: 'by closure group' },
    suppressedMonths: { type: 'array', items: { type: 'string', format: 'date' }, description: 'by closure group' },
    improvement: { const: 'down', description: 'Lower end-to-end time is better' },
    changeDate: { type: ['string', 'null'], format: 'date' },
    target: days,
    points: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          label: { type: 'string' },
          x: { type: 'number' },
          movingRange: { ...days, description: 'null on the first point of each segment' },
          rules: {
            type: 'array',
            description: 'The rules the point takes part in; the first decides its variation',
            items: {
              type: 'object',
              properties: {
                rule: { enum: ['outside-limits', 'trend', 'two-of-three', 'shift'] },
                reading: { enum: ['improving', 'concerning'] },
              },
            },
          },
          variation: { $ref: '#/components/schemas/Variation' },
        },
      },
    },
    segments: {
      type: 'array',
      description:
        'One, or two when a change date falls after the first point: lines worked out on each from its baseline',
      items: {
        type: 'object',
        properties: {
          from: { type: 'integer', description: 'index of its first point' },
          to: { type: 'integer', description: 'index of its last point' },
          baselineTo: {
            type: 'integer',
            description: 'index of the last of its first 20 points or fewer, which its lines are worked out from',
          },
          centreLine: { type: 'number' },
          upperLimit: days,
          lowerLimit: days,
          upperTwoSigma: days,
          lowerTwoSigma: days,
          movingRangeUpperLimit: days,
          trialLimits: { type: 'boolean', description: 'lines from fewer than 12 baseline points' },
        },
      },
    },
    variation: { $ref: '#/components/schemas/Variation' },
    assurance: { enum: ['pass', 'fail', 'hit-and-miss', null], description: 'with a target' },
    freshness: { type: 'object' },
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Waymark commissioners’ API',
    version: '1',
    description:
      'Value and volume measures by provider, area and whole ISO week or calendar month, under disclosure control (counts in bands of 5, small ones withheld). Aggregates only: no endpoint returns a person’s journey.',
  },
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Commissioner API key (wmc_…)' } },
    schemas: {
      Problem: PROBLEM_SCHEMA,
      Figure: figure,
      Variation: { enum: ['common-cause', 'special-cause-improving', 'special-cause-concerning', null] },
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/v1/measures': {
      get: {
        operationId: 'measures',
        summary:
          'Every figure for each whole week or month of the range (JSON, or CSV with format=csv); from and to must be the edges of whole periods',
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
                    smallestShownCount: { type: 'integer', description: 'Every withheld count is below it' },
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
        summary:
          'XmR capability chart of end-to-end days: per week (median, whole weeks) or per closure group (mean of smallestShownCount or more consecutive sustained closures of a month, whole months), read the Making Data Count way: outside the limits, shift of 7, trend of 7, two of three beyond 2σ; variation, and assurance against an optional target; limits fixed on the first 20 points of each segment, and recalculated from an optional change date',
        tags: ['charts'],
        parameters: parameters(chartQuery),
        responses: {
          '200': {
            description:
              'Points with their rules and variation, segments with their lines, the variation and assurance readings; suppressedWeeks (by week) or groupSize and suppressedMonths (by closure group)',
            content: { 'application/json': { schema: chart } },
          },
          ...errors,
        },
      },
    },
  },
};
