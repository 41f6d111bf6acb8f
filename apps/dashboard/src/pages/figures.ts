import type { Figure } from '@waymark/measures-report';

/** How a measure is shown: its unit decides the column heading and how many decimals (those it is published with). */
export type Unit = 'count' | 'percent' | 'days' | 'pounds' | 'per-journey' | 'change';

export const UNIT_HEADING: Record<Unit, string> = {
  count: 'bands of 5',
  percent: '%',
  days: 'days',
  pounds: '£',
  'per-journey': 'per journey',
  change: 'points, 0 to 10 scale',
};

/** One cell of a table: the text shown (and written to its CSV), and the number behind it for charts. */
export interface Cell {
  text: string;
  /** The shown value in the unit's terms (a rate as a percentage); null when withheld or unavailable. */
  value: number | null;
  state: 'shown' | 'withheld' | 'unavailable';
  /** Why it is withheld or unavailable, in plain English. */
  reason?: string;
}

/** Plain-English reasons, for a commissioner rather than a statistician. */
export function reasonText(figure: Exclude<Figure, { value: number }>, smallestShownCount: number): string {
  if ('unavailable' in figure) return 'a provider’s cost rate is not set';
  switch (figure.reason) {
    case 'count-below-threshold':
      return `fewer than ${smallestShownCount}`;
    case 'denominator-below-threshold':
      return `based on fewer than ${smallestShownCount}`;
    case 'numerator-or-complement-below-threshold':
      return 'too few on one side to show safely';
  }
}

/**
 * A published figure as a table cell. Values keep the precision they are published with (rates 4 decimals, so
 * percentages 2; days, money and averages 2); a withheld or unavailable figure says so and why, never 0 or blank.
 */
export function cellOf(figure: Figure, unit: Unit, smallestShownCount: number): Cell {
  if (!('value' in figure)) {
    const reason = reasonText(figure, smallestShownCount);
    const state = 'unavailable' in figure ? 'unavailable' : 'withheld';
    return { text: `${state === 'withheld' ? 'Withheld' : 'Unavailable'} (${reason})`, value: null, state, reason };
  }
  const value = unit === 'percent' ? Math.round(figure.value * 10_000) / 100 : figure.value;
  return { text: format(value, unit), value, state: 'shown' };
}

function format(value: number, unit: Unit): string {
  if (unit === 'count') return value.toLocaleString('en-GB');
  const fixed = value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return unit === 'change' && value > 0 ? `+${fixed}` : fixed;
}
