import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** The class every chart's SVG carries; dashboard.css holds the styles Plot would otherwise write inline. */
export const PLOT_CLASS = 'wm-plot';

/** What assistive technology is told about a chart: its name, and the element holding its text alternative. */
export interface ChartLabels {
  label: string;
  describedBy: string;
}

/** The little of the DOM used here (the app is built without the DOM's types). */
interface Node {
  outerHTML: string;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  remove(): void;
  querySelectorAll(selector: string): Iterable<Node>;
}

/** One detached document to draw in: Plot only creates elements in it, it never attaches them. */
let canvas: Plot.PlotOptions['document'];

/**
 * Renders Observable Plot marks on the server (into a linkedom document) as SVG markup for the page. Plot writes its
 * default styles in an inline <style>, which the dashboard's Content-Security-Policy refuses: it is dropped, and the
 * same rules are in dashboard.css under PLOT_CLASS. The SVG is an image with a name, described by the page's text
 * alternative; the table beside it has every value.
 */
export function renderPlot(options: Plot.PlotOptions, { label, describedBy }: ChartLabels): string {
  canvas ??= parseHTML('<!DOCTYPE html><html><body></body></html>').document as Plot.PlotOptions['document'];
  const svg = Plot.plot({ ...options, document: canvas, className: PLOT_CLASS, ariaLabel: label }) as unknown as Node;
  for (const style of [...svg.querySelectorAll('style')]) style.remove();
  for (const styled of [svg, ...svg.querySelectorAll('[style]')]) styled.removeAttribute('style');
  // Plot names each mark's group ("line", "dot"): not allowed on an element without a role, and the image is one whole.
  for (const named of svg.querySelectorAll('[aria-label]')) named.removeAttribute('aria-label');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-describedby', describedBy);
  svg.setAttribute('focusable', 'false');
  return svg.outerHTML;
}

export { Plot };
