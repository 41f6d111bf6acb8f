import { Controller, Get, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { Public } from '@waymark/api-keys';
import { FiguresAnswer, MeasuresReading } from '@waymark/measures-reading';
import type { Request, Response } from 'express';
import { xmrView } from '../charts/xmr-chart';
import { DASHBOARD_CONFIG, DashboardConfig } from '../config';
import { PageRenderer } from '../web/page-renderer';
import { END_TO_END, FIGURES_PAGES, FiguresPageSpec, OVERVIEW } from './catalogue';
import { readChartReadings } from './chart-readings';
import { csvHref, figuresPageModel, pageSlug } from './figures-page';
import { DashboardFilter, FieldError, filterQuery, readFilter } from './filter';
import { localDate } from '@waymark/measures-maths';
import { longInstant } from './periods';
import { tableCsv } from './table';

type Query = Record<string, unknown>;

/**
 * The figures pages. Each reads once — one answer of the reading use case, in one snapshot — and renders every chart
 * and table of the page from it; each table's CSV is the same read, the same table.
 */
@Controller()
export class PagesController {
  constructor(
    private readonly reading: MeasuresReading,
    private readonly pages: PageRenderer,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {}

  @Get()
  overview(@Query() query: Query, @Req() req: Request, @Res() res: Response) {
    return this.figuresPage(OVERVIEW, query, req, res);
  }

  @Get('end-to-end')
  async endToEnd(@Query() query: Query, @Req() req: Request, @Res() res: Response) {
    const { filter, context, errors } = this.filterOf(END_TO_END.path, query);
    const chart = readChartReadings(query);
    const page = { ...context, title: END_TO_END.title, intro: END_TO_END.intro, chartForm: chart.form };
    if (!filter || chart.errors.length > 0) {
      return this.pages.send(
        req,
        res,
        'end-to-end.njk',
        { ...page, ...errorContext([...errors, ...chart.errors]) },
        400,
      );
    }
    const answer = await this.reading.endToEndChart(chartRequest(filter, chart.readings));
    const xmr = xmrView(answer, csvHref('end-to-end', 'xmr', chartQuery(context.filterQuery, chart.form)));
    this.pages.send(req, res, 'end-to-end.njk', {
      ...page,
      filterQuery: context.filterQuery,
      fresh: this.freshness(answer.freshness.lastEventRecordedAt, answer.smallestShownCount),
      xmr,
      summaryRows: xmr.summary.map((row) => ({ key: { text: row.key }, value: { text: row.value } })),
    });
  }

  @Get(['failure-demand', 'flow', 'what-matters', 'cost'])
  figures(@Query() query: Query, @Req() req: Request, @Res() res: Response) {
    const spec = FIGURES_PAGES.find((p) => p.path === req.path.replace(/\/$/, '')) as FiguresPageSpec;
    return this.figuresPage(spec, query, req, res);
  }

  /** The accessibility statement is public: people need it before they can sign in. */
  @Public()
  @Get('accessibility')
  accessibility(@Req() req: Request, @Res() res: Response) {
    this.pages.send(req, res, 'accessibility.njk', { path: '/accessibility' });
  }

  /** One table of a page as CSV, for the same filter: exactly the cells the page shows. */
  @Get('csv/:page/:block')
  async csv(@Param('page') slug: string, @Param('block') block: string, @Query() query: Query, @Res() res: Response) {
    const { filter } = this.filterOf('', query);
    if (!filter) throw new NotFoundException('no such table for this filter');
    let table;
    if (slug === 'end-to-end' && block === 'xmr') {
      const chart = readChartReadings(query);
      const answer = await this.reading.endToEndChart(chartRequest(filter, chart.readings));
      table = xmrView(answer, '').table;
    } else {
      const spec = [OVERVIEW, ...FIGURES_PAGES].find((p) => pageSlug(p.path) === slug);
      const blockSpec = spec?.blocks.find((b) => b.id === block);
      if (!spec || !blockSpec) throw new NotFoundException('no such table');
      const answer = await this.reading.figures(filter);
      table = figuresPageModel({ ...spec, blocks: [blockSpec] }, answer, '').blocks[0]?.table;
    }
    res
      .status(200)
      .type('text/csv')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="waymark-${slug}-${block}-${filter.from}-${filter.to}.csv"`,
      )
      .send(tableCsv(table as NonNullable<typeof table>));
  }

  private async figuresPage(spec: FiguresPageSpec, query: Query, req: Request, res: Response) {
    const { filter, context, errors } = this.filterOf(spec.path, query);
    const page = { ...context, title: spec.title, intro: spec.intro };
    if (!filter) return this.pages.send(req, res, 'figures.njk', { ...page, ...errorContext(errors) }, 400);
    const answer: FiguresAnswer = await this.reading.figures(filter);
    this.pages.send(req, res, 'figures.njk', {
      ...page,
      fresh: this.freshness(answer.freshness.lastEventRecordedAt, answer.smallestShownCount),
      page: figuresPageModel(spec, answer, context.filterQuery),
    });
  }

  private filterOf(path: string, query: Query) {
    const reading = readFilter(query, localDate(new Date(), this.config.MEASURES_TIME_ZONE));
    const context = { path, form: reading.form, filterQuery: filterQuery(reading.form) };
    return reading.ok
      ? { filter: reading.filter, context, errors: [] as FieldError[] }
      : { filter: undefined, context, errors: reading.errors };
  }

  private freshness(lastEventRecordedAt: string | null, smallestShownCount: number) {
    return {
      lastEventRecordedAt: lastEventRecordedAt && longInstant(lastEventRecordedAt, this.config.MEASURES_TIME_ZONE),
      smallestShownCount,
    };
  }
}

/** The End-to-end chart of a filter: by week for weeks, by closure group (the most recent 100) for months. */
function chartRequest(filter: DashboardFilter, readings: ReturnType<typeof readChartReadings>['readings']) {
  const { groupBy, ...range } = filter;
  return { ...range, by: groupBy === 'week' ? ('week' as const) : ('closure-group' as const), limit: 100, ...readings };
}

function chartQuery(filterQuery: string, form: { changeDate: string; target: string }): string {
  const params = new URLSearchParams(filterQuery);
  if (form.changeDate) params.set('changeDate', form.changeDate);
  if (form.target) params.set('target', form.target);
  return params.toString();
}

/** GOV.UK's error summary (links to each field) and each field's message. */
function errorContext(errors: FieldError[]) {
  return {
    errors,
    errorList: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    fieldErrors: Object.fromEntries([...errors].reverse().map((e) => [e.field, e.text])),
  };
}
