import type { JourneyEvent } from '@waymark/event-contracts';
import {
  commissionerClient,
  createThrowawayDatabase,
  eventually,
  groupCaughtUp,
  issueCommissionerKey,
  issueKey,
  journeyEvents,
  journeyEventsTopicEnd,
  publishJourneyEvents,
  runOpsCli,
  RunningService,
  startConsumerGroupAtEnd,
  startService,
  testPort,
  ThrowawayDatabase,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/**
 * The commissioners' dashboard in a real browser (Debian's Chromium driven by playwright-core, no browser download):
 * sixteen weeks of journeys — a big provider in two areas, a middling one, a tiny one without a cost rate, and one
 * week whose resolutions all took far longer (a special cause) — published straight onto the topic and projected by a
 * measures-service of their own (a throwaway database, a consumer group starting at the topic's end); the dashboard
 * reads the same database. Every page passes axe-core's WCAG 2.2 A and AA rules, and a screenshot of each is kept in
 * tmp/e2e-artifacts/dashboard.
 */

// What the functions evaluated in the page use of the browser's globals (this project has no DOM types).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare function getComputedStyle(element: unknown): any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const MEASURES_PORT = testPort(3200);
const DASHBOARD_PORT = testPort(3203);
const logDir = join(__dirname, '../../../tmp/e2e-logs/dashboard');
const artifacts = join(__dirname, '../../../tmp/e2e-artifacts/dashboard');
const readmeImages = join(__dirname, '../../../docs/images');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const run = randomBytes(3).toString('hex');
const group = `e2e-dashboard-${run}`;

const BIG = `dash-${run}-north`;
const MID = `dash-${run}-south`;
const TINY = `dash-${run}-tiny`;
const NORTH = `D${run.toUpperCase()}-N`;
const SOUTH = `D${run.toUpperCase()}-S`;

/**
 * Sixteen ISO weeks from Monday 5 January 2026, whose medians alternate about 11 and 17 days (so no run on one side
 * of the mean); the twelfth (23 March) is the special cause, about 60 days.
 */
const FIRST_MONDAY = Date.UTC(2026, 0, 5);
const WEEKS = 16;
const SPECIAL_WEEK = 11;
const DAY_MS = 86_400_000;
const at = (ms: number, hour: number) => new Date(ms + hour * 3_600_000).toISOString();
const MONTHS = 'period=month&from=2026-01&to=2026-04';
const WEEKLY = 'period=week&from=2026-W02&to=2026-W17';

/** One journey resolved and sustained `days` after opening, closing on `closeDay`, with one or two contacts. */
function journey(i: number, lead: string, area: string, closeDay: number, days: number): JourneyEvent[] {
  const e = journeyEvents();
  const opened = closeDay - days * DAY_MS;
  const closedAt = at(closeDay, 15);
  const sustainedAt = at(closeDay + 90 * DAY_MS, 15);
  const contact = (day: number, hour: number, failure: boolean) =>
    e.event('contact-recorded', at(day, hour), {
      providerId: lead,
      channel: 'phone',
      minutesSpent: 30,
      ...(failure
        ? { demand: 'failure' as const, failureReason: 'chasing-progress' as const }
        : { demand: 'value' as const, valueKind: 'new-need' as const }),
    });
  return [
    e.event('opened', at(opened, 9), { leadProviderId: lead, areaCode: area, ageBand: '35-49' }),
    contact(opened, 10, i % 3 === 0),
    ...(i % 2 === 0 ? [contact(opened + DAY_MS, 11, false)] : []),
    e.event('closed', closedAt, { providerId: lead, outcome: 'resolved', followUpEndsAt: sustainedAt }),
    e.event('resolution-sustained', sustainedAt, { closedAt, followUpDays: 90 }),
  ];
}

function seed(): JourneyEvent[] {
  const events: JourneyEvent[] = [];
  let i = 0;
  for (let week = 0; week < WEEKS; week++) {
    const monday = FIRST_MONDAY + week * 7 * DAY_MS;
    // 14 of the big provider's (10 in the north, 4 in the south) and 8 of the middling one's, all in the south.
    const leads = [...Array(10).fill([BIG, NORTH]), ...Array(4).fill([BIG, SOUTH]), ...Array(8).fill([MID, SOUTH])];
    for (const [lead, area] of leads as [string, string][]) {
      // The middling provider's journeys take 4 days longer, so a filter on the big one moves every median.
      const slower = lead === MID ? 4 : 0;
      const days = week === SPECIAL_WEEK ? 58 + (i % 5) : (week % 2 === 0 ? 8 : 14) + (i % 7) + slower;
      events.push(...journey(i, lead, area, monday + (i % 5) * DAY_MS, days));
      i++;
    }
  }
  // The tiny provider: two journeys in March, with recorded time but no cost rate.
  for (const day of [Date.UTC(2026, 2, 10), Date.UTC(2026, 2, 11)]) {
    const e = journeyEvents();
    events.push(
      e.event('opened', at(day, 9), { leadProviderId: TINY, areaCode: NORTH, ageBand: '18-24' }),
      e.event('contact-recorded', at(day, 10), {
        providerId: TINY,
        channel: 'in-person',
        minutesSpent: 45,
        demand: 'value',
        valueKind: 'new-need',
      }),
    );
  }
  return events;
}

describe('the commissioners’ dashboard in a browser', () => {
  let database: ThrowawayDatabase;
  let measures: RunningService | undefined;
  let dashboard: RunningService | undefined;
  let browser: Browser;
  let commissionerKey: string;
  let providerKey: string;
  const contexts: BrowserContext[] = [];

  const url = (path: string) => `${dashboard?.url}${path}`;

  /** A page of its own (a fresh browser context, so its own cookies), with what it logs and fetches recorded. */
  async function newPage() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requested: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('request', (r) => requested.push(r.url()));
    return { page, context, consoleErrors, requested };
  }

  async function signIn(page: Page, key = commissionerKey) {
    await page.goto(url('/sign-in'));
    await page.fill('#key', key);
    await page.click('button:has-text("Sign in")');
  }

  /** axe-core in the page (evaluated, so the page's CSP stays in force), WCAG 2.2 A and AA: no violation at all. */
  async function expectAccessible(page: Page, name: string) {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map((v) => ({
        id: v.id,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function screenshot(page: Page, name: string) {
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true, animations: 'disabled' });
  }

  /** A table's headings and cells as text, as a person reads them (whitespace collapsed). */
  const tableText = (page: Page, id: string) =>
    page.$$eval(`#${id} tr`, (rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    );

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    database = await createThrowawayDatabase('dashboard');
    await startConsumerGroupAtEnd(group);
    const env = { DATABASE_URL: database.url };
    measures = await startService(
      'measures-service',
      MEASURES_PORT,
      { ...env, MEASURES_CONSUMER_GROUP: group },
      { logDir },
    );
    dashboard = await startService(
      'dashboard',
      DASHBOARD_PORT,
      { ...env, DASHBOARD_SECURE_COOKIE: 'false' },
      { logDir },
    );
    for (const [provider, rate] of [
      [BIG, '30.00'],
      [MID, '42.50'],
    ]) {
      expect(runOpsCli(['rates', 'set', provider as string, rate as string], env).code).toBe(0);
    }
    commissionerKey = issueCommissionerKey(`e2e-dashboard-${run}`, { databaseUrl: database.url });
    providerKey = issueKey(BIG, { databaseUrl: database.url });
    await publishJourneyEvents(seed());
    const end = await journeyEventsTopicEnd();
    await eventually(() => groupCaughtUp(group, end), Boolean, 60_000);
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await dashboard?.stop();
    await measures?.stop();
    await database?.drop();
  });

  it('refuses a wrong key and a provider’s key, saying which, then signs a commissioner in', async () => {
    const { page } = await newPage();
    await page.goto(url('/'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');

    await page.fill('#key', `wmc_0123456789abcdef_${'x'.repeat(43)}`);
    await page.click('button:has-text("Sign in")');
    await expect(page.textContent('.govuk-error-summary')).resolves.toContain(
      'That key is not valid, or it has been revoked',
    );
    await expectAccessible(page, 'sign-in with an error');
    await screenshot(page, 'sign-in-refused');

    await page.fill('#key', providerKey);
    await page.click('button:has-text("Sign in")');
    await expect(page.textContent('.govuk-error-summary')).resolves.toContain('That is a provider’s key');

    await page.fill('#key', commissionerKey);
    await page.click('button:has-text("Sign in")');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.textContent('h1')).resolves.toBe('Value beside volume');
  });

  it('shows every page accessibly, with its charts, tables and downloads, under a strict CSP and without GOV.UK’s font', async () => {
    const { page, consoleErrors, requested } = await newPage();
    await signIn(page);
    const pages: [string, string, string][] = [
      ['overview', `/?${MONTHS}`, 'Value beside volume'],
      ['end-to-end', `/end-to-end?${WEEKLY}&target=14&changeDate=2026-03-02`, 'End-to-end time'],
      ['failure-demand', `/failure-demand?${MONTHS}`, 'Failure demand'],
      ['flow', `/flow?${MONTHS}`, 'Flow'],
      ['what-matters', `/what-matters?${MONTHS}`, 'What matters and progress'],
      ['cost', `/cost?${MONTHS}`, 'Cost'],
      ['accessibility', '/accessibility', 'Accessibility statement for the Waymark commissioners’ dashboard'],
    ];
    for (const [name, path, heading] of pages) {
      const response = await page.goto(url(path));
      expect({ name, status: response?.status() }).toEqual({ name, status: 200 });
      await expect(page.textContent('h1')).resolves.toBe(heading);
      const headers = response?.headers() ?? {};
      expect(headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-[^']+';style-src 'self';/);
      expect(headers['cache-control']).toBe('no-store');
      if (name !== 'accessibility') {
        // Every chart is a named image with a text alternative, and has a table and a CSV link beside it.
        const charts = await page.$$eval('svg.wm-plot', (svgs) =>
          svgs.map((s) => ({
            role: s.getAttribute('role'),
            label: !!s.getAttribute('aria-label'),
            described: !!document.getElementById(s.getAttribute('aria-describedby') ?? ''),
          })),
        );
        expect(charts.length).toBeGreaterThan(0);
        for (const chart of charts) expect(chart).toEqual({ role: 'img', label: true, described: true });
        const tables = await page.$$('table.wm-table');
        const downloads = await page.$$('a[download]');
        expect(tables.length).toBeGreaterThan(0);
        expect(downloads.length).toBe(tables.length);
      }
      await expectAccessible(page, name);
      await screenshot(page, name);
      if (name === 'overview' && process.env['WAYMARK_UPDATE_SCREENSHOTS'] === '1') {
        // The README's picture of the dashboard, refreshed only when asked for: the page as it is, from the top
        // down to the first charts.
        await page.screenshot({
          path: join(readmeImages, 'dashboard-overview.png'),
          fullPage: true,
          clip: { x: 0, y: 0, width: 1280, height: 2050 },
          animations: 'disabled',
        });
      }
    }
    // Nothing the CSP refused (an inline style or script would be logged as an error), and no GDS Transport.
    expect(consoleErrors).toEqual([]);
    expect(requested.filter((r) => r.includes('/fonts/') || r.includes('.woff'))).toEqual([]);
    const fonts = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(fonts).not.toContain('GDS Transport');
  });

  it('changes the chart and the table with each filter: provider, area and period', async () => {
    const { page } = await newPage();
    await signIn(page);
    const chartAndTable = async (query: string) => {
      await page.goto(url(`/end-to-end?${query}`));
      return { svg: await page.innerHTML('#xmr-description'), table: await tableText(page, 'xmr-table') };
    };
    const all = await chartAndTable(WEEKLY);
    expect(all.table).toHaveLength(1 + WEEKS);

    // Through the form, as a commissioner would: the provider, then the area, then months instead of weeks.
    await page.fill('#provider', BIG);
    await page.click('button:has-text("Show figures")');
    expect(new URL(page.url()).searchParams.get('provider')).toBe(BIG);
    const big = { svg: await page.innerHTML('#xmr-description'), table: await tableText(page, 'xmr-table') };
    expect(big.table).toHaveLength(1 + WEEKS);
    expect(big.table).not.toEqual(all.table);
    expect(big.svg).not.toEqual(all.svg);

    await page.fill('#provider', '');
    await page.fill('#area', NORTH);
    await page.click('button:has-text("Show figures")');
    const north = await tableText(page, 'xmr-table');
    expect(north).not.toEqual(all.table);
    expect(north).not.toEqual(big.table);

    await page.fill('#area', '');
    await page.check('input[name="period"][value="month"]');
    await page.fill('#from', '2026-01');
    await page.fill('#to', '2026-04');
    await page.click('button:has-text("Show figures")');
    const months = await tableText(page, 'xmr-table');
    expect(months[0]?.[0]).toBe('Closure group');
    expect(months[1]?.[0]).toBe('Jan 2026, group 1');

    // The middling provider has 8 sustained resolutions a week: no week can be charted.
    await page.goto(url(`/end-to-end?${WEEKLY}&provider=${MID}`));
    await expect(page.textContent('main')).resolves.toContain('No point can be charted for this filter');

    // And on a figures page: the overview's table follows the provider.
    await page.goto(url(`/?${MONTHS}`));
    const overviewAll = await tableText(page, 'value-volume-table');
    await page.goto(url(`/?${MONTHS}&provider=${BIG}`));
    expect(await tableText(page, 'value-volume-table')).not.toEqual(overviewAll);
  });

  it('shows a withheld figure as withheld with its reason, and an unavailable cost with why, never as 0', async () => {
    const { page } = await newPage();
    await signIn(page);
    await page.goto(url(`/?${MONTHS}&provider=${TINY}`));
    const tiny = await tableText(page, 'value-volume-table');
    const cells = tiny.slice(1).flatMap((row) => row.slice(1));
    expect(cells.length).toBe(4 * 10);
    for (const cell of cells)
      expect(cell).toMatch(
        /^(Withheld \((fewer than 10|based on fewer than 10|too few on one side to show safely)\)|Unavailable \(a provider’s cost rate is not set\))$/,
      );
    await expect(page.$$('td[data-state="withheld"] .govuk-tag')).resolves.not.toHaveLength(0);
    await screenshot(page, 'overview-withheld');

    // Every provider, March: the tiny provider's time has no cost rate, so March's cost per contact cannot be worked out.
    await page.goto(url(`/cost?${MONTHS}`));
    const cost = await tableText(page, 'cost-table');
    const march = cost.find((row) => row[0] === 'Mar 2026');
    // Its journeys did not end in a sustained resolution, so the cost per sustained resolution can still be shown.
    expect(march?.slice(1)).toEqual([
      expect.stringMatching(/^\d+\.\d\d$/),
      'Unavailable (a provider’s cost rate is not set)',
    ]);
    expect(cost.find((row) => row[0] === 'Jan 2026')?.[2]).toMatch(/^\d+\.\d\d$/);
  });

  it('downloads exactly the table beside the chart as CSV, with the figures the API publishes', async () => {
    const { page } = await newPage();
    await signIn(page);
    for (const [path, table] of [
      [`/?${MONTHS}`, 'value-volume-table'],
      [`/failure-demand?${MONTHS}`, 'reasons-table'],
      [`/end-to-end?${WEEKLY}`, 'xmr-table'],
    ] as const) {
      await page.goto(url(path));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${table}-csv`)]);
      const csv = parseCsv(readFileSync((await download.path()) as string, 'utf8'));
      const shown = await tableText(page, table);
      expect(csv).toEqual(shown); // headings and every cell, withheld reasons included
    }
    // The same code path as the commissioners' API: its contacts for January are the dashboard's.
    const api = commissionerClient(measures?.url ?? '', commissionerKey);
    const body = (await (await api.get('/v1/measures?from=2026-01-01&to=2026-01-31')).json()) as {
      periods: { figures: Record<string, { value?: number }> }[];
    };
    await page.goto(url(`/?${MONTHS}`));
    const january = (await tableText(page, 'value-volume-table')).find((row) => row[0] === 'Jan 2026');
    const head = (await tableText(page, 'value-volume-table'))[0] ?? [];
    expect(january?.[head.indexOf('Contacts (bands of 5)')]).toBe(
      String(body.periods[0]?.figures['volume.contacts']?.value),
    );
  });

  it('marks the seeded special cause on the End-to-end page: the signal, its own shape, the icon and the words', async () => {
    const { page } = await newPage();
    await signIn(page);
    // Up to the special week's: the latest point is the special cause, so the variation icon reads concerning.
    await page.goto(url(`/end-to-end?period=week&from=2026-W02&to=2026-W13&target=30`));
    await expect(page.getAttribute('#variation', 'data-reading')).resolves.toBe('special-cause-concerning');
    await expect(page.textContent('#variation')).resolves.toContain('Variation: Special cause, concerning');
    await expect(page.textContent('#signals')).resolves.toMatch(
      /Week of 23 Mar 2026 \(\d+\.\d\d days\): outside the natural process limits, higher, concerning\./,
    );
    const svg = await page.innerHTML('figure.wm-chart');
    expect(svg).toMatch(/fill="#f47738"/); // a concern, in Making Data Count's orange — and a diamond, not a dot
    const table = await tableText(page, 'xmr-table');
    const head = table[0] ?? [];
    const row = table.find((r) => r[0] === 'Week of 23 Mar 2026');
    expect(row?.[head.indexOf('Variation')]).toBe('Special cause, concerning');
    expect(row?.[head.indexOf('Special cause rules')]).toBe('outside the natural process limits, higher, concerning');
    // The target lies between the limits the special week widened: hit and miss, in words.
    await expect(page.getAttribute('#assurance', 'data-reading')).resolves.toBe('hit-and-miss');
    await expect(page.textContent('#assurance')).resolves.toContain('Assurance against the target: Hit and miss');
    await screenshot(page, 'end-to-end-special-cause');

    // The whole range: the weeks after it vary within their limits again, so the latest point is common cause.
    await page.goto(url(`/end-to-end?${WEEKLY}`));
    await expect(page.getAttribute('#variation', 'data-reading')).resolves.toBe('common-cause');
    await expect(page.textContent('#signals')).resolves.toContain('Week of 23 Mar 2026');
  });

  it('works with a keyboard alone: skip link, sign-in, navigation, filter, download and sign-out, focus always visible', async () => {
    const { page } = await newPage();
    await page.goto(url('/sign-in'));
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        const style = el ? getComputedStyle(el) : null;
        return {
          id: el?.id ?? '',
          text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
          tag: el?.tagName ?? '',
          visible:
            !!style &&
            (style.outlineStyle !== 'none' ||
              style.boxShadow !== 'none' ||
              style.backgroundColor === 'rgb(255, 221, 0)'),
        };
      });
    /** Presses Tab until `match` is focused, checking that every stop along the way shows its focus. */
    const tabTo = async (match: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (f.tag !== 'BODY')
          expect({ at: f.text || f.id, visible: f.visible }).toEqual({ at: f.text || f.id, visible: true });
        if (match(f)) return f;
      }
      throw new Error('not reached by Tab');
    };
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to main content');
    await tabTo((f) => f.id === 'key');
    await page.keyboard.type(commissionerKey);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/');

    await tabTo((f) => f.text === 'Flow');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/flow');
    await tabTo((f) => f.id === 'from');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-01');
    await tabTo((f) => f.id === 'to');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2026-04');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('to') === '2026-04');
    await expect(tableText(page, 'hand-offs-table')).resolves.toHaveLength(5);

    await tabTo((f) => f.text.startsWith('Download this table as CSV'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('waymark-flow-hand-offs-2026-01-01-2026-04-30.csv');

    await page.goto(page.url()); // from the top again: sign out is in the header
    await tabTo((f) => f.text === 'Sign out');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await expect(page.textContent('.govuk-notification-banner')).resolves.toContain('You have signed out');
  });

  it('signs out for good: the session ends, so its cookie opens nothing afterwards', async () => {
    const { page, context } = await newPage();
    await signIn(page);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'waymark-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    await page.click('button:has-text("Sign out")');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'signed-out');

    // The same cookie, put back by hand, is no longer a session.
    const replay = await browser.newContext();
    contexts.push(replay);
    await replay.addCookies([session as NonNullable<typeof session>]);
    const again = await replay.newPage();
    await again.goto(url(`/?${MONTHS}`));
    expect(new URL(again.url()).pathname).toBe('/sign-in');
  });

  it('refuses forms without their CSRF token, sends a browser without a session to sign in, and ends a session whose key is revoked', async () => {
    const key = issueCommissionerKey(`e2e-dashboard-${run}`, { databaseUrl: database.url, label: 'to revoke' });
    const { page } = await newPage();
    await signIn(page, key);
    expect(new URL(page.url()).pathname).toBe('/');

    const forged = await page.request.post(url('/sign-out'), { form: { _csrf: 'not-the-token' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/'); // still signed in: the forged sign-out did nothing

    // A sign-in posted without the form's token (as another site's page would) is refused before the key is read.
    const stranger = await newPage();
    const signInForged = await stranger.page.request.post(url('/sign-in'), { form: { key }, maxRedirects: 0 });
    expect(signInForged.status()).toBe(403);
    expect(await stranger.context.cookies()).not.toContainEqual(expect.objectContaining({ name: 'waymark-session' }));
    // Without a session every page and every download sends the browser to sign in, and gives away no figure.
    for (const path of ['/', `/end-to-end?${WEEKLY}`, '/cost', `/csv/end-to-end/xmr?${WEEKLY}`]) {
      const response = await stranger.page.request.get(url(path), { maxRedirects: 0 });
      expect({ path, status: response.status(), to: response.headers()['location'] }).toEqual({
        path,
        status: 303,
        to: `/sign-in?next=${encodeURIComponent(path)}`,
      });
    }

    const keyId = /^wmc_([0-9a-f]{16})_/.exec(key)?.[1] as string;
    expect(runOpsCli(['commissioners', 'keys', 'revoke', keyId], { DATABASE_URL: database.url }).code).toBe(0);
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});

/** RFC 4180 CSV, as csv-stringify writes it: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else if (quoted || c !== '\r') {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
