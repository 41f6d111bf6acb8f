import { stringify } from 'csv-stringify/sync';
import type { MeasuresReport } from './report';

const HEADER = ['period_start', 'period_end', 'provider', 'area', 'measure', 'value', 'status'];

/** One row per period and figure, with the same disclosure control as the JSON. */
export function reportCsv(report: MeasuresReport): string {
  const rows = report.periods.flatMap((period) =>
    Object.entries(period.figures).map(([measure, figure]) => [
      period.start,
      period.end,
      report.filter.provider ?? '',
      report.filter.area ?? '',
      measure,
      'value' in figure ? String(figure.value) : '',
      'value' in figure ? 'shown' : `${'suppressed' in figure ? 'suppressed' : 'unavailable'}:${figure.reason}`,
    ]),
  );
  return stringify([HEADER, ...rows]);
}
