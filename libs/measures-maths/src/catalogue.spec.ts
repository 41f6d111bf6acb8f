import { FAILURE_REASONS } from '@waymark/event-contracts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLOSURE_COUNT_NAMES,
  closureCounts,
  closureValues,
  MEASURE_DECLARATIONS,
  MEASURE_IDS,
  type ClosureFacts,
  type MeasureDeclaration,
} from './catalogue';

const resolved: ClosureFacts = {
  outcome: 'resolved',
  followUp: 'sustained',
  final: true,
  endToEndMs: 5_000,
  acceptedHandOffs: 2,
  assessments: 3,
  whatMattersMs: 700,
  progressChange: -1,
};

describe('closure counts and values', () => {
  it('count a final sustained closure in every population it belongs to', () => {
    expect(closureCounts(resolved)).toEqual({
      closures: 1,
      unresolved: 0,
      sustained: 1,
      reopened: 0,
      pending: 0,
      final: 1,
      acceptedHandOffs: 2,
      assessments: 3,
      repeatAssessed: 1,
      withWhatMatters: 1,
      rated: 1,
    });
    expect(closureValues(resolved)).toEqual({ end_to_end_ms: 5_000, what_matters_ms: 700, progress_change: -1 });
  });

  it('leave a reopened closure out of the per-journey measures and the percentiles', () => {
    const reopened = { ...resolved, followUp: 'reopened' as const, final: false };
    expect(closureCounts(reopened)).toEqual({
      ...Object.fromEntries(CLOSURE_COUNT_NAMES.map((name) => [name, 0])),
      closures: 1,
      reopened: 1,
    });
    expect(closureValues(reopened)).toEqual({});
  });

  it('count an unresolved closure without what matters or ratings as final but not rated', () => {
    const unresolved = {
      ...resolved,
      outcome: 'unresolved' as const,
      followUp: null,
      assessments: 1,
      whatMattersMs: null,
      progressChange: null,
    };
    expect(closureCounts(unresolved)).toMatchObject({ unresolved: 1, final: 1, repeatAssessed: 0, rated: 0 });
    expect(closureValues(unresolved)).toEqual({});
  });
});

describe('the measures', () => {
  it('have one figure per failure reason, and unique ids', () => {
    for (const reason of FAILURE_REASONS) expect(MEASURE_IDS).toContain(`failure_demand.share.${reason}`);
    expect(new Set(MEASURE_IDS).size).toBe(MEASURE_IDS.length);
  });
});

/**
 * docs/measures.md holds the catalogue's tables between markers. Set WAYMARK_WRITE_MEASURES_DOC=1 to write them
 * (then run prettier on the file) after changing a declaration.
 */
describe('docs/measures.md', () => {
  const path = join(__dirname, '../../../docs/measures.md');

  it.each(['value', 'volume'] as const)('tables the %s measures exactly as the catalogue declares them', (table) => {
    const doc = readFileSync(path, 'utf8');
    const [begin, end] = markers(table);
    const [before, rest] = splitOnce(doc, begin);
    const [, after] = splitOnce(rest, end);
    const expected = `${before}${begin}\n\n${markdownTable(MEASURE_DECLARATIONS.filter((m) => m.table === table))}\n${end}${after}`;
    if (process.env['WAYMARK_WRITE_MEASURES_DOC'] === '1') writeFileSync(path, expected);
    expect(doc).toBe(expected);
  });
});

function markers(table: MeasureDeclaration['table']): [string, string] {
  return [
    `<!-- ${table} measures: generated from libs/measures-maths/src/catalogue.ts -->`,
    `<!-- end of ${table} measures -->`,
  ];
}

function splitOnce(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error(`docs/measures.md needs exactly one ${marker}`);
  return [text.slice(0, at), text.slice(at + marker.length)];
}

/** A table as prettier lays it out: every column as wide as its widest cell. */
function markdownTable(measures: readonly MeasureDeclaration[]): string {
  const rows = [['id', 'definition', 'n'], ...measures.map((m) => [`\`${m.id}\``, m.definition, m.n])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n') + '\n';
}
