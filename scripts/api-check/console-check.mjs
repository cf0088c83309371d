// The operator console as an operator uses it, in a headless Chromium that may reach only the
// service (any request to another host fails the check):
//  - sign in by pasting a token with the roles screener and rules-admin;
//  - "Try it": preview a request against the rules in force and the draft side by side, then screen
//    and store it; find it in the list of screenings and open it;
//  - change a rule (a new version), then try a broken expression and see the error with its line
//    and column under the expression; see the difference between two versions in the history;
//  - the statistics page draws its two charts;
//  - start a backtest from the draft and watch its progress reach DONE;
//  - sign out, sign in with a screener's token: no rules, no rule editing, no draft.
// A screenshot of each page goes to target/console-screenshots/ (or $SCREENSHOTS).
// Usage: node console-check.mjs <base-url> <screener,rules-admin token> <screener token>
//        (CHROMIUM: the browser, default /usr/bin/chromium)
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, adminToken, screenerToken] = process.argv.slice(2);
if (!base || !adminToken || !screenerToken) {
  console.error('usage: node console-check.mjs <base-url> <screener,rules-admin token> <screener token>');
  process.exit(2);
}
const shots = process.env.SCREENSHOTS || 'target/console-screenshots';
mkdirSync(shots, { recursive: true });
const started = Date.now();
const t = (label) => console.log(`  [${((Date.now() - started) / 1000).toFixed(1)} s] ${label}`);
const failures = [];
const fail = (message) => { failures.push(message); console.error(`FAIL ${message}`); };
const ok = (message) => console.log(`ok: ${message}`);
const origin = new URL(base).origin;

const profile = mkdtempSync(join(tmpdir(), 'console-check-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1200, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const outside = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
  outside.push(url);
  return route.abort();
});

const shot = async (page, name) => {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
};

try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(String(e)));

  // Sign in.
  await page.goto(`${base}/console`);
  if (!page.url().includes('/console/sign-in')) fail(`/console without a session went to ${page.url()}, not the sign-in page`);
  await shot(page, '01-sign-in');
  await page.getByLabel('Bearer token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Screenings' }).waitFor();
  ok('signed in with a pasted token; the console opens on the screenings');
  t('signed in');

  // Try it: preview side by side, then screen and store.
  const requester = `console-check-${Date.now()}`;
  await page.getByRole('link', { name: 'Try it' }).click();
  await page.getByLabel('Note').fill('Hi! I just could not resist the smile in your picture.');
  await page.getByLabel('Mutual connections').fill('1');
  await page.getByLabel('Requester network size').fill('1200');
  await page.getByLabel('Requester id').fill(requester);
  await page.getByLabel('Requester headline').fill('Professional networker and connector');
  // The draft starts as the rules in force; one that rewards flattery shows a different verdict beside it.
  const tryDraft = page.getByLabel(/Rules of the draft/);
  const tryRules = JSON.parse(await tryDraft.inputValue());
  tryRules.filter((r) => r.id === 'flatters-looks').forEach((r) => { r.points = 10; });
  await tryDraft.fill(JSON.stringify(tryRules, null, 2));
  await page.getByRole('button', { name: 'Preview' }).click();
  const outcomes = page.locator('.outcome');
  await outcomes.first().waitFor();
  const titles = await outcomes.locator('h2').allInnerTexts();
  if (titles.length === 2 && titles[0].startsWith('Ruleset in force') && titles[1] === 'Draft') {
    ok(`"Try it" previews side by side: ${titles.join(' | ')}: ${(await outcomes.locator('.verdict').allInnerTexts()).join(' | ')}`);
  } else {
    fail(`"Try it" preview shows ${JSON.stringify(titles)}, not the ruleset in force beside the draft`);
  }
  await shot(page, '02-try-it');
  await page.getByRole('button', { name: 'Screen and store' }).click();
  await page.getByRole('heading', { name: /^Screening / }).waitFor();
  ok('"Screen and store" stored the screening and opened it');
  t('tried');

  // Find it in the list and open it.
  await page.getByRole('link', { name: 'Screenings', exact: true }).click();
  await page.getByLabel('Requester id').fill(requester);
  await page.getByRole('button', { name: 'Filter' }).click();
  const rows = page.locator('table tbody tr');
  await rows.first().waitFor();
  const found = await rows.count();
  if (found !== 1) fail(`the list filtered by requester ${requester} has ${found} rows, not 1`);
  await shot(page, '03-screenings');
  await rows.first().locator('a').first().click();
  await page.getByRole('heading', { name: 'Reasons' }).waitFor();
  const reasons = await page.locator('table').first().innerText();
  if (!reasons.includes('flatters-looks')) fail(`the screening's reasons do not name flatters-looks: ${reasons.slice(0, 200)}`);
  else ok('found it in the list and opened it: its reasons name flatters-looks');
  await shot(page, '04-screening');
  t('listed');

  // Change a rule, then a broken one.
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByRole('heading', { name: /^Rules in force/ }).waitFor();
  await shot(page, '05-rules');
  await page.getByRole('link', { name: 'Edit large-network', exact: true }).click();
  await page.getByLabel('Points (-100 to 100)').fill('-6');
  await page.getByLabel('Change comment').fill('console check: a little harsher');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  const saved = await page.getByRole('status').innerText();
  if (!/Saved: version \d+ is in force/.test(saved)) fail(`saving a rule showed ${JSON.stringify(saved)}`);
  else ok(`changed large-network: ${saved}`);
  await page.getByRole('link', { name: 'Edit large-network', exact: true }).click();
  await page.getByLabel('When (CEL expression)').fill('requesterNetworkSize >=\n  noSuchFact');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  const error = page.locator('#when-errors .field-error');
  await error.first().waitFor();
  const errorText = await error.first().innerText();
  if (!/^Line 2, column \d+: /.test(errorText)) fail(`the broken rule's error is ${JSON.stringify(errorText)}, not "Line 2, column …"`);
  else ok(`a broken expression is refused under the expression: ${errorText}`);
  await shot(page, '06-rule-error');
  await page.goto(`${base}/console/rules/history`);
  await page.getByRole('link', { name: /^Diff with/ }).first().click();
  await page.locator('table.diff').waitFor();
  const diff = await page.locator('table.diff').innerText();
  if (!diff.includes('large-network') || !diff.includes('-6')) fail(`the history's diff does not show large-network at -6: ${diff.slice(0, 200)}`);
  else ok('the history shows the change as a diff between two versions');
  await shot(page, '07-history');
  t('rules');

  // Statistics: two charts drawn.
  await page.goto(`${base}/console/stats?bucket=HOUR`);
  await page.locator('figure[data-chart="verdicts"][data-drawn="true"] canvas').waitFor();
  await page.locator('figure[data-chart="rules"][data-drawn="true"] canvas').waitFor();
  const painted = await page.locator('figure[data-drawn="true"] canvas').evaluateAll((canvases) => canvases.map((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) inked++;
    return inked;
  }));
  if (painted.length < 2 || painted.some((n) => n === 0)) fail(`the statistics charts are not drawn (inked pixels: ${painted})`);
  else ok(`the statistics page drew its ${painted.length} charts`);
  await shot(page, '08-statistics');
  t('statistics');

  // A backtest from the draft: progress to DONE.
  await page.getByRole('link', { name: 'Backtests' }).click();
  // The draft starts as the rules in force; turn the flattery penalty into a bonus so that a verdict changes.
  const draft = page.getByLabel(/Draft rules/);
  const rules = JSON.parse(await draft.inputValue());
  rules.filter((r) => r.id === 'flatters-looks').forEach((r) => { r.points = 10; });
  await draft.fill(JSON.stringify(rules, null, 2));
  await page.getByRole('button', { name: 'Start the backtest' }).click();
  await page.getByRole('heading', { name: /^Backtest / }).waitFor();
  const states = new Set();
  for (let i = 0; i < 120; i++) {
    const state = (await page.locator('#state').innerText().catch(() => '')).trim();
    if (state) states.add(state);
    if (state === 'DONE') break;
    await page.waitForTimeout(500);
  }
  if (!states.has('DONE')) fail(`the backtest did not reach DONE: it showed ${[...states].join(', ')}`);
  else ok(`the backtest's progress reached DONE (states seen: ${[...states].join(' -> ')})`);
  await page.getByRole('heading', { name: /Verdicts: as scored and replayed/ }).waitFor();
  const changed = await page.locator('table', { has: page.locator('caption', { hasText: 'Screenings whose verdict changed' }) })
    .locator('tbody tr').count();
  if (changed < 1) fail('the finished backtest lists no changed screening, though the draft rewards flattery');
  else ok(`the finished backtest shows the transition table and ${changed} changed screening(s)`);
  await shot(page, '09-backtest');
  t('backtest');

  // Sign out; a screener sees no rules and edits none.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();
  await page.getByLabel('Bearer token').fill(screenerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Screenings' }).waitFor();
  const nav = await page.getByRole('navigation', { name: 'Console' }).innerText();
  if (nav.includes('Rules') || nav.includes('Backtests')) fail(`a screener's navigation offers ${JSON.stringify(nav)}`);
  const rulesAnswer = await page.goto(`${base}/console/rules/large-network/edit`);
  if (rulesAnswer.status() !== 403) fail(`a screener opening a rule's edit page got ${rulesAnswer.status()}, not 403`);
  await shot(page, '10-screener-forbidden');
  await page.goto(`${base}/console/try`);
  if (await page.getByLabel(/Rules of the draft/).count() > 0) fail('a screener is offered a draft ruleset');
  if (!failures.length) ok("a screener's token shows no rules, no rule editing and no draft (403 on the edit page)");
  t('screener');

  if (scriptErrors.length) fail(`script errors on the console's pages: ${scriptErrors.join('; ')}`);
  if (outside.length) fail(`the console asked other hosts for: ${outside.join(', ')}`);
  else ok('no request left the service');
} catch (e) {
  const page = context.pages()[0];
  const shown = page ? await page.locator('.problem, h1').allInnerTexts().catch(() => []) : [];
  fail(`the walk through the console stopped at ${page?.url()}: ${e.message.split('\n')[0]}; the page shows: ${shown.join(' | ').slice(0, 600)}`);
  if (page) await shot(page, 'failure').catch(() => {});
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`screenshots: ${shots}/`);
if (failures.length) {
  console.error(`console check failed: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log('console check passed');
