import type { FiguresAnswer } from '@waymark/measures-reading';
import { ChartView, seriesChart } from '../charts/series-chart';
import type { BlockSpec, FiguresPageSpec, MeasureSpec } from './catalogue';
import { Cell, cellOf, UNIT_HEADING } from './figures';
import { periodLabel, periodTick } from './periods';
import type { Table } from './table';

export interface BlockModel {
  id: string;
  title: string;
  description: string;
  layout?: 'pairs';
  charts: ChartView[];
  table: Table;
  /** The table as CSV, for this very filter. */
  csvHref: string;
}

/** A measure's first and latest shown values over the filter, and which way it went, in words. */
export interface Change {
  label: string;
  unit: string;
  first?: { period: string; cell: Cell };
  latest?: { period: string; cell: Cell };
  /** `rising`, `falling`, `level`, or why there is nothing to compare. */
  direction: string;
  /** For a value measure: whether that direction is better or worse for people; counts are neither. */
  reading?: 'better' | 'worse';
}

export interface FiguresPageModel {
  blocks: BlockModel[];
  /** The overview's headline: each measure's change over the filter, in the blocks' order. */
  changes: Change[];
}

/** The CSV download of a page's block, for a filter (the page's slug is `overview` for the overview). */
export const csvHref = (slug: string, block: string, query: string) => `/csv/${slug}/${block}?${query}`;

export const pageSlug = (path: string) => (path === '/' ? 'overview' : path.slice(1));

/** A page of figures from one answer of the reading use case: each block's charts and table, and the headline. */
export function figuresPageModel(spec: FiguresPageSpec, answer: FiguresAnswer, query: string): FiguresPageModel {
  const blocks = spec.blocks.map((block) => blockModel(spec, block, answer, query));
  const changes = spec.path === '/' ? spec.blocks.flatMap((b) => b.measures.map((m) => changeOf(m, answer))) : [];
  return { blocks, changes };
}

export function blockModel(spec: FiguresPageSpec, block: BlockSpec, answer: FiguresAnswer, query: string): BlockModel {
  const kind = answer.filter.groupBy === 'week' ? 'week' : 'month';
  const columns = block.measures.map((m) => ({ m, cells: cellsOf(m, answer) }));
  const charts = columns.map(({ m, cells }) =>
    seriesChart({
      id: `${block.id}-${m.id.replace(/[._]/g, '-')}`,
      title: m.label,
      unit: UNIT_HEADING[m.unit],
      zero: m.unit !== 'change',
      points: answer.periods.map((p, i) => ({
        key: p.start,
        tick: periodTick(p.start, kind),
        label: periodLabel(p.start, kind),
        cell: cells[i] as Cell,
      })),
    }),
  );
  const table: Table = {
    caption: block.title,
    head: [kind === 'week' ? 'Week' : 'Month', ...block.measures.map((m) => `${m.label} (${UNIT_HEADING[m.unit]})`)],
    rows: answer.periods.map((p, i) => ({
      header: periodLabel(p.start, kind),
      cells: columns.map(({ cells }) => cells[i] as Cell),
    })),
  };
  return {
    id: block.id,
    title: block.title,
    description: block.description,
    ...(block.layout && { layout: block.layout }),
    charts,
    table,
    csvHref: csvHref(pageSlug(spec.path), block.id, query),
  };
}

/** Every period of the answer has every figure (docs/measures.md); a page naming another is a mistake. */
function cellsOf(measure: MeasureSpec, answer: FiguresAnswer): Cell[] {
  return answer.periods.map((p) => {
    const figure = p.figures[measure.id];
    if (figure === undefined) throw new Error(`no figure ${measure.id} in the answer`);
    return cellOf(figure, measure.unit, answer.smallestShownCount);
  });
}

function changeOf(measure: MeasureSpec, answer: FiguresAnswer): Change {
  const kind = answer.filter.groupBy === 'week' ? 'week' : 'month';
  const cells = cellsOf(measure, answer);
  const shown = answer.periods
    .map((p, i) => ({ period: periodLabel(p.start, kind), cell: cells[i] as Cell }))
    .filter((p) => p.cell.value !== null);
  const base = { label: measure.label, unit: UNIT_HEADING[measure.unit] };
  const first = shown[0];
  const latest = shown[shown.length - 1];
  if (!first || !latest || first === latest) {
    return { ...base, ...(first && { first }), direction: 'too few periods shown to compare' };
  }
  const delta = (latest.cell.value as number) - (first.cell.value as number);
  const direction = delta > 0 ? 'rising' : delta < 0 ? 'falling' : 'level';
  const better = measure.better === 'higher' ? delta > 0 : delta < 0;
  return {
    ...base,
    first,
    latest,
    direction,
    ...(measure.better && delta !== 0 && { reading: better ? 'better' : 'worse' }),
  };
}
