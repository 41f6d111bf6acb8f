import { stringify } from 'csv-stringify/sync';
import type { Cell } from './figures';

/** A chart's table: what the page shows beside the chart, and exactly what its CSV download holds. */
export interface Table {
  caption: string;
  /** Column headings, the row heading's first. */
  head: string[];
  rows: { header: string; cells: Cell[] }[];
}

/** The table as CSV: the same headings and the same text in every cell, a withheld figure's reason included. */
export function tableCsv(table: Table): string {
  return stringify([table.head, ...table.rows.map((row) => [row.header, ...row.cells.map((cell) => cell.text)])]);
}

/** A text cell (a label, a signal): always shown. */
export const textCell = (text: string): Cell => ({ text, value: null, state: 'shown' });
