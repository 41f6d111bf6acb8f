import { z } from 'zod';
import { journeyEvent } from './journey-events';

/**
 * DESIGN.md §5: "no direct identifiers and no free text about the person in
 * events". Proved structurally: every event schema is walked (zod 4 keeps each
 * schema's definition in `_zod.def`), and every string it can carry must be
 * pinned to an enum, a literal, a uuid, an ISO datetime or an anchored regex
 * pattern (for a pipe, its output; for a transform, its input); no field may be
 * named like personal data; every object is strict.
 */

/** The parts of a zod 4 definition the walk reads. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  format?: string;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp } } }[];
}
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

const PERSONAL_FIELD = /name|address|nhs|dob|birth|phone|email|postcode|text|note|description|personRef/i;
/** Formats whose own pattern pins the whole string. */
const PINNED_FORMATS = ['uuid', 'datetime'];

/** Whether a string schema admits only constrained values; the reason if not. */
function stringProblem(schema: z.ZodType): string | undefined {
  const def = defOf(schema);
  if (def.format && PINNED_FORMATS.includes(def.format)) return undefined;
  if (def.format) return `string format "${def.format}" is not one of ${PINNED_FORMATS.join(', ')}`;
  const patterns = (def.checks ?? [])
    .map((c) => c._zod.def)
    .filter((c) => c.check === 'string_format' && c.format === 'regex' && c.pattern)
    .map((c) => c.pattern as RegExp);
  if (patterns.length === 0) return 'unconstrained z.string()';
  if (!patterns.some((p) => p.source.startsWith('^') && p.source.endsWith('$'))) {
    return `regex ${patterns.join(', ')} is not anchored at both ends`;
  }
  if (schema.safeParse('Jane Smith').success) return 'admits free text with spaces ("Jane Smith")';
  return undefined;
}

interface Finding {
  path: string;
  problem: string;
}

/** Every problem found in a schema: unconstrained strings, personal field names, open objects, unknown kinds. */
function audit(schema: z.ZodType, path = '', findings: Finding[] = []): Finding[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (defOf(def.catchall ?? z.unknown()).type !== 'never') {
        findings.push({ path: path || '(root)', problem: 'object is not strict: unknown keys would pass' });
      }
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        const at = path ? `${path}.${key}` : key;
        if (PERSONAL_FIELD.test(key)) findings.push({ path: at, problem: `field name looks like personal data` });
        audit(value, at, findings);
      }
      break;
    }
    case 'union':
      (def.options ?? []).forEach((option, i) => audit(option, `${path}<${i}>`, findings));
      break;
    case 'optional':
    case 'nullable':
      audit(def.innerType as z.ZodType, path, findings);
      break;
    case 'array':
      audit(def.element as z.ZodType, `${path}[]`, findings);
      break;
    case 'pipe':
      // A pipe into a transform (an instant normalised) carries its input reshaped: the input is what is pinned.
      audit((defOf(def.out as z.ZodType).type === 'transform' ? def.in : def.out) as z.ZodType, path, findings);
      break;
    case 'string': {
      const problem = stringProblem(schema);
      if (problem) findings.push({ path, problem });
      break;
    }
    case 'enum':
    case 'literal':
    case 'number':
    case 'boolean':
      break;
    default:
      findings.push({
        path,
        problem: `"${def.type}" schema is not understood by this audit: review it and extend the audit`,
      });
  }
  return findings;
}

const eventSchemas = journeyEvent.options.map((schema) => [schema.shape.type.value, schema] as const);

describe('no direct identifiers and no free text about the person, in any event', () => {
  it.each(eventSchemas)('%s', (type, schema) => {
    const findings = audit(schema).map((f) => `${type} ${f.path}: ${f.problem}`);
    expect(findings).toEqual([]);
  });

  it('walks the whole union: every event type and their data fields are reached', () => {
    const fields = new Set<string>();
    const collect = (schema: z.ZodType, path: string) => {
      const def = defOf(schema);
      if (def.type === 'object') {
        for (const [k, v] of Object.entries(def.shape ?? {})) {
          fields.add(`${path}${k}`);
          collect(v, `${path}${k}.`);
        }
      }
      if (def.type === 'union') (def.options ?? []).forEach((o) => collect(o, path));
      if (def.type === 'optional') collect(def.innerType as z.ZodType, path);
      if (def.type === 'array') collect(def.element as z.ZodType, path);
    };
    collect(journeyEvent, '');
    for (const expected of [
      'specversion',
      'id',
      'subject',
      'data.leadProviderId',
      'data.valueKind',
      'data.failureReason',
      'data.items.itemId',
      'data.items.domain',
      'data.whatMattersItemIds',
      'data.reason',
      'data.followUpEndsAt',
    ]) {
      expect(fields).toContain(expected);
    }
  });
});

describe('the audit itself', () => {
  it('names an unconstrained string and its path', () => {
    expect(audit(z.object({ data: z.object({ summary: z.string() }).strict() }).strict())).toEqual([
      { path: 'data.summary', problem: 'unconstrained z.string()' },
    ]);
  });

  it('names fields that look like personal data, whatever their type', () => {
    const schema = z
      .object({
        personRef: z.uuid(),
        postcode: z.enum(['AB1']),
        dateOfBirth: z.iso.datetime(),
        contactPhone: z.string().regex(/^\d+$/),
        NHSNumber: z.string().regex(/^\d{10}$/),
        freeText: z.literal('x'),
        notes: z.array(z.enum(['a'])),
      })
      .strict();
    expect(audit(schema).map((f) => f.path)).toEqual([
      'personRef',
      'postcode',
      'dateOfBirth',
      'contactPhone',
      'NHSNumber',
      'freeText',
      'notes',
    ]);
  });

  it.each([
    ['an email', z.email(), 'string format "email"'],
    ['a url', z.url(), 'string format "url"'],
    ['a prefix only', z.string().startsWith('case-'), 'unconstrained'],
    ['an unanchored regex', z.string().regex(/[a-z]+/), 'not anchored'],
    ['a regex that admits prose', z.string().regex(/^[A-Za-z ]{1,200}$/), 'free text'],
    ['a length limit only', z.string().max(20), 'unconstrained'],
  ])('rejects %s', (_name, leaf, problem) => {
    const [finding] = audit(z.object({ field: leaf }).strict());
    expect(finding?.path).toBe('field');
    expect(finding?.problem).toContain(problem);
  });

  it('finds strings inside unions, optionals and arrays', () => {
    const schema = z
      .object({
        data: z.discriminatedUnion('k', [
          z.object({ k: z.literal('a'), list: z.array(z.string()) }).strict(),
          z.object({ k: z.literal('b'), maybe: z.string().optional() }).strict(),
        ]),
      })
      .strict();
    expect(audit(schema).map((f) => f.path)).toEqual(['data<0>.list[]', 'data<1>.maybe']);
  });

  it('reads a pipe by what it puts out, and a transform by what it takes in', () => {
    const schema = z.object({
      free: z.string().pipe(z.string()),
      pinned: z.string().pipe(z.string().regex(/^[a-z]{1,8}$/)),
      freeTransformed: z.string().transform((s) => s.trim()),
      pinnedTransformed: z.iso.datetime({ offset: true }).transform((s) => s.toUpperCase()),
    });
    expect(audit(schema.strict())).toEqual([
      { path: 'free', problem: 'unconstrained z.string()' },
      { path: 'freeTransformed', problem: 'unconstrained z.string()' },
    ]);
  });

  it('flags an object that is not strict, and a schema kind it does not know', () => {
    expect(audit(z.object({ meta: z.record(z.string(), z.number()) }))).toEqual([
      { path: '(root)', problem: 'object is not strict: unknown keys would pass' },
      { path: 'meta', problem: expect.stringContaining('"record"') },
    ]);
  });

  it('accepts the constrained kinds', () => {
    const schema = z
      .object({
        a: z.enum(['x', 'y']),
        b: z.literal('z'),
        c: z.uuid(),
        d: z.iso.datetime({ offset: true }),
        e: z.string().regex(/^[a-z]{1,8}$/),
        f: z.number().int(),
        g: z.array(z.string().regex(/^handoff-\d+$/)).optional(),
      })
      .strict();
    expect(audit(schema)).toEqual([]);
  });
});
