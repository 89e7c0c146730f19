// report.html in a real browser (the system Chromium): the headline matches the exit code, labels
// are legible, triage comes first, search and the URL hash work, anchors land below the sticky
// bar, 390 px never scrolls sideways, the family filter works by keyboard, and the page logs no
// error and requests nothing outside its file. Screenshots go to reports/report-browser/screenshots.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, launchChromium, NO_CHROMIUM } from './chromium';
import { VERDICT_COLOURS } from '../../reporter/trend';
import { OUT, writeReports, type OpenedReport, type Reports } from './reports';

// Browser globals of the page.evaluate callbacks (the project's tsconfig has no DOM library).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, getComputedStyle: any, location: any;
type Element = any;
type HTMLElement = any;

const test = base.extend<object, { chromiumBrowser: Browser; reports: Reports }>({
  chromiumBrowser: [
    async ({}, use) => {
      const browser = await launchChromium(CHROMIUM!);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  reports: [async ({}, use) => use(await writeReports()), { scope: 'worker', timeout: 600_000 }],
});

if (!CHROMIUM) console.warn(`[report-browser] skipped: ${NO_CHROMIUM}`);
test.skip(!CHROMIUM, NO_CHROMIUM);
test.describe.configure({ mode: 'default' });

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

interface Opened {
  readonly page: Page;
  /** Console errors, page errors and requests that left the file. */
  readonly problems: string[];
}

async function open(browser: Browser, r: OpenedReport, viewport = DESKTOP, hash = ''): Promise<Opened> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith('file://')) problems.push(`request left the file: ${req.url()}`);
  });
  await page.goto(pathToFileURL(r.html).href + hash);
  await page.waitForFunction(() => document.querySelector('#f-count')?.textContent !== '');
  return { page, problems };
}

async function close(o: Opened): Promise<void> {
  expect(o.problems).toEqual([]);
  await o.page.context().close();
}

function rgbOf(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** WCAG contrast of every visible text-bearing label against its painted background. */
async function worstContrast(page: Page): Promise<{ ratio: number; what: string }[]> {
  return page.evaluate(() => {
    const rgb = (s: string): number[] => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c;
      }
      return [255, 255, 255];
    };
    const out: { ratio: number; what: string }[] = [];
    const els = document.querySelectorAll(
      '.badge, .chips > span, .muted, #headline, #headline *, #triage .line, a, button, .chg, .viol, .legend span, th, td, summary',
    );
    for (const el of els) {
      const box = (el as HTMLElement).getBoundingClientRect();
      if (!box.width || !box.height || !(el.textContent ?? '').trim()) continue;
      const fg = rgb(getComputedStyle(el).color);
      const [a, b] = [lum(fg), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      out.push({
        ratio: Math.round(ratio * 100) / 100,
        what: `${el.tagName.toLowerCase()}.${(el as HTMLElement).className} "${(el.textContent ?? '').trim().slice(0, 30)}"`,
      });
    }
    return out.sort((x, y) => x.ratio - y.ratio).slice(0, 5);
  });
}

test('the headline states the run verdict and its exit code, green only for exit 0', async ({ chromiumBrowser, reports }) => {
  expect(reports.realClean.exitCode).toBe(0);
  expect(reports.realFaults.exitCode).toBe(1);
  for (const r of reports.all) {
    const o = await open(chromiumBrowser, r);
    const banner = o.page.locator('#headline');
    await expect(banner).toHaveAttribute('data-exit', String(r.exitCode));
    await expect(banner).toContainText(`(exit ${r.exitCode})`);
    // A plain run is never called a release-gate pass.
    if (!r.json.run.mode.gate) await expect(banner).not.toContainText('Release gate passed');
    const [red, green] = await banner.evaluate((el) => (getComputedStyle(el).backgroundColor.match(/\d+/g) ?? []).map(Number).slice(0, 2));
    if (r.exitCode === 0) expect(green!, r.name).toBeGreaterThan(red!);
    else expect(red!, r.name).toBeGreaterThan(green!);
    await close(o);
  }
});

test('every label is legible: WCAG AA contrast of at least 4.5:1', async ({ chromiumBrowser, reports }) => {
  for (const r of reports.all) {
    const o = await open(chromiumBrowser, r);
    await o.page.locator('#f-expand').click(); // open every guarantee's details too
    const worst = await worstContrast(o.page);
    expect(worst.length).toBeGreaterThan(0);
    expect(worst[0]!.ratio, `${r.name}: ${JSON.stringify(worst)}`).toBeGreaterThanOrEqual(4.5);
    // The totals' verdict labels keep their own colours (nothing around them overrides a badge).
    for (const [verdict, colour] of Object.entries(VERDICT_COLOURS).filter(([v]) => v !== 'absent')) {
      const painted = await o.page.locator(`#totals .badge.v-${verdict}`).evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(painted, `${r.name}: the ${verdict} label`).toBe(rgbOf(colour));
    }
    await close(o);
  }
});

test('triage comes first: root causes in the JSON order, each replay line over MESHI_BASE_URL', async ({ chromiumBrowser, reports }) => {
  for (const r of [reports.syntheticFaults, reports.realFaults]) {
    const o = await open(chromiumBrowser, r);
    const triage = o.page.locator('#triage');
    const families = o.page.locator('h2', { hasText: 'Families' });
    expect((await triage.boundingBox())!.y).toBeLessThan((await families.boundingBox())!.y);
    const lines = await triage.locator('li.cause > .line').allTextContents();
    if (r.json.rootCauses.length) expect(lines.slice(0, 8)).toEqual(r.json.rootCauses.slice(0, 8).map((c) => c.summary));
    else expect(lines.length).toBe(r.json.totals.failed + r.json.totals.flaky);
    const replay = await triage.locator('li.cause').first().locator('.replay pre').textContent();
    expect(replay).toContain('MESHI_BASE_URL');
    expect(replay).toContain(`MESHI_MOCK_FAULTS='${r.json.run.mockFaults.join(',')}'`);
    expect(replay).toContain(`MESHI_SEED=${r.json.run.seed}`);
    await close(o);
  }
  const o = await open(chromiumBrowser, reports.syntheticFaults);
  await expect(o.page.locator('#triage li.cause').first()).toContainText(
    'POST /events answered 200, expected 201 — EVT-01; blocked 4 tests',
  );
  await expect(o.page.locator('#triage li.cause').first().locator('.curl pre')).toContainText('"$MESHI_BASE_URL"');
  await close(o);
});

test('history: a legend, and newly failing / newly passing marks from comparable earlier runs only', async ({
  chromiumBrowser,
  reports,
}) => {
  const o = await open(chromiumBrowser, reports.syntheticHistory);
  await expect(o.page.locator('.legend')).toContainText('3 earlier run(s) of the same target and full scope, without mock faults');
  await expect(o.page.locator('.legend')).toContainText('not in that run');
  await expect(o.page.locator('#g-EVT-01 .chg.down')).toHaveText('▼ newly failing');
  await expect(o.page.locator('#g-PAGE-02 .chg.up')).toHaveText('▲ newly passing');
  await close(o);
  // The real faulted run took the real clean run as its history: one comparable run.
  expect(reports.realFaults.json.run.historyRuns).toBe(1);
  expect(reports.realFaults.json.guarantees.find((g) => g.id === 'EVT-01')!.trend?.change).toBe('newly-failing');
});

async function visibleRows(page: Page): Promise<string[]> {
  return page.locator('tbody.g:not([hidden])').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id!));
}

test('search finds rows by correlation ID, file name and operation ID; an ID finds only its own guarantee', async ({
  chromiumBrowser,
  reports,
}) => {
  const r = reports.realFaults;
  const page01 = r.json.guarantees.find((g) => g.id === 'PAGE-01')!;
  const corr = page01.failures[0]!.correlationIds[0]!;
  const operation = page01.failures[0]!.records.find((x) => x.operationId)!.operationId!;
  const o = await open(chromiumBrowser, r);
  const search = o.page.locator('#f-text');
  for (const query of [corr, 'pagination.spec.ts', operation]) {
    await search.fill(query);
    expect(await visibleRows(o.page), query).toContain('PAGE-01');
  }
  await search.fill('EVT-01');
  expect(await visibleRows(o.page)).toEqual(['EVT-01']);
  await close(o);

  // A multi-guarantee test title names EVT-01 in other rows: the ID query still finds one row.
  const s = await open(chromiumBrowser, reports.syntheticFaults);
  await s.page.locator('#f-text').fill('evt-01');
  expect(await visibleRows(s.page)).toEqual(['EVT-01']);
  await s.page.locator('#f-text').fill('ct-synth-w2-9');
  expect(await visibleRows(s.page)).toEqual(['UUID-01']);
  await close(s);
});

test('a hash link restores the filters and lands its row below the sticky bar', async ({ chromiumBrowser, reports }) => {
  const r = reports.realFaults;
  const o = await open(chromiumBrowser, r, DESKTOP, '#verdict=failed&q=pagination&row=PAGE-01');
  await expect(o.page.locator('#f-verdict')).toHaveValue('failed');
  await expect(o.page.locator('#f-text')).toHaveValue('pagination');
  const rows = await visibleRows(o.page);
  expect(rows).toContain('PAGE-01');
  for (const id of rows) expect(r.json.guarantees.find((g) => g.id === id)!.verdict).toBe('failed');
  const below = async (id: string) => {
    const bar = (await o.page.locator('.filters').boundingBox())!;
    const row = (await o.page.locator(`#g-${id} tr.row`).boundingBox())!;
    expect(row.y, `${id} row under the sticky bar`).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
    expect(row.y + row.height).toBeLessThanOrEqual(DESKTOP.height);
  };
  await below('PAGE-01');
  // Changing a filter writes the view back into the hash.
  await o.page.locator('#f-text').fill('');
  await expect.poll(() => o.page.evaluate(() => location.hash)).toBe('#verdict=failed');
  // A guarantee link in the triage section lands the same way.
  await o.page.locator('#triage a[href="#g-EVT-01"]').first().click();
  await below('EVT-01');
  await close(o);
});

test('at 390×844 the page never scrolls sideways, even with everything open', async ({ chromiumBrowser, reports }) => {
  for (const r of reports.all) {
    const o = await open(chromiumBrowser, r, PHONE);
    const width = () => o.page.evaluate(() => document.documentElement.scrollWidth);
    expect(await width(), r.name).toBeLessThanOrEqual(PHONE.width);
    await o.page.locator('#f-expand').click();
    await o.page.evaluate(() => document.querySelectorAll('details').forEach((d: any) => (d.open = true)));
    expect(await width(), `${r.name}, expanded`).toBeLessThanOrEqual(PHONE.width);
    await close(o);
  }
});

test('the family filter works from the keyboard alone, with visible feedback', async ({ chromiumBrowser, reports }) => {
  const o = await open(chromiumBrowser, reports.realFaults);
  const target = '.fam button[data-family="EVT"]';
  let reached = false;
  for (let i = 0; i < 600 && !reached; i++) {
    await o.page.keyboard.press('Tab');
    reached = await o.page.evaluate((sel) => document.activeElement === document.querySelector(sel), target);
  }
  expect(reached, 'Tab reaches the EVT family button').toBe(true);
  const outline = await o.page.locator(target).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await o.page.keyboard.press('Enter');
  await expect(o.page.locator(target)).toHaveAttribute('aria-pressed', 'true');
  await expect(o.page.locator('#f-family')).toHaveValue('EVT');
  await expect(o.page.locator('#f-count')).toContainText('family EVT');
  const rows = await o.page.locator('tbody.g:not([hidden])').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.family));
  expect(new Set(rows)).toEqual(new Set(['EVT']));
  expect(await o.page.evaluate(() => location.hash)).toBe('#family=EVT');
  await o.page.keyboard.press('Space');
  await expect(o.page.locator(target)).toHaveAttribute('aria-pressed', 'false');
  expect((await visibleRows(o.page)).length).toBe(reports.realFaults.json.guarantees.length);
  await close(o);
});

test('screenshots at 1366×768 and 390×844 show the headline and triage first', async ({ chromiumBrowser, reports }) => {
  const dir = join(OUT, 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const r of reports.all) {
    for (const [label, viewport] of [
      ['1366x768', DESKTOP],
      ['390x844', PHONE],
    ] as const) {
      const o = await open(chromiumBrowser, r, viewport);
      const triage = (await o.page.locator('#triage').boundingBox())!;
      expect(triage.y, `${r.name} at ${label}: triage starts in the first screen`).toBeLessThan(viewport.height);
      await o.page.screenshot({ path: join(dir, `${r.name}-${label}.png`) });
      await close(o);
    }
  }
});
