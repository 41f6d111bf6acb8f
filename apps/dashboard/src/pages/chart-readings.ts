import type { ChartReadings } from '@waymark/measures-reading';
import { FieldError, single } from './filter';

export interface ChartForm {
  changeDate: string;
  target: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^\d{1,5}(\.\d{1,2})?$/;

/**
 * The End-to-end page's optional readings: a change date (limits recalculated from it, Making Data Count) and a
 * target in days (assurance). Both travel in the URL with the filter.
 */
export function readChartReadings(query: Record<string, unknown>): {
  readings: ChartReadings;
  form: ChartForm;
  errors: FieldError[];
} {
  const form = { changeDate: single(query['changeDate']), target: single(query['target']) };
  const errors: FieldError[] = [];
  const readings: ChartReadings = {};
  if (form.changeDate !== '') {
    if (isDate(form.changeDate)) readings.changeDate = form.changeDate;
    else errors.push({ field: 'changeDate', text: 'Enter the change date as a date, for example 2026-02-01' });
  }
  if (form.target !== '') {
    if (NUMBER.test(form.target) && Number(form.target) > 0) readings.target = Number(form.target);
    else errors.push({ field: 'target', text: 'Enter the target as a number of days above 0, for example 30 or 42.5' });
  }
  return { readings, form, errors };
}

function isDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return DATE.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
