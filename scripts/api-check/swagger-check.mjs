// The Swagger UI as a person uses it, in a headless Chromium:
//  - the bearer scheme's description shows the token command with its <role> placeholder;
//  - Authorize with a token, then "Try it out" on POST /api/v1/screenings with the pre-filled
//    example and Execute: the answer is 201;
//  - every error response of every operation shows an example (each, when there are several)
//    whose status is the response's.
// Usage: node swagger-check.mjs <base-url> <bearer-token>   (CHROMIUM: the browser, default /usr/bin/chromium)
import { chromium } from 'playwright-core';

const [base, token] = process.argv.slice(2);
if (!base || !token) {
  console.error('usage: node swagger-check.mjs <base-url> <bearer-token>');
  process.exit(2);
}
const started = Date.now();
const t = (label) => console.log(`  [${((Date.now() - started) / 1000).toFixed(1)} s] ${label}`);
const failures = [];
const fail = (message) => { failures.push(message); console.error(`FAIL ${message}`); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/q/swagger-ui/`);
  await page.locator('.opblock').first().waitFor();

  t('loaded');
  // Authorize: the description, then the token.
  await page.locator('.auth-wrapper .authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.waitFor();
  const description = await dialog.innerText();
  if (!description.includes('scripts/dev-token.sh <role> <app-id>')) {
    fail(`the bearer description does not show "scripts/dev-token.sh <role> <app-id>": ${JSON.stringify(description)}`);
  } else {
    console.log('bearer description shows: scripts/dev-token.sh <role> <app-id>');
  }
  await dialog.locator('input').first().fill(token);
  await dialog.locator('button.authorize').click();
  await dialog.locator('button.btn-done').click();

  t('authorized');
  // Try it out: POST /api/v1/screenings with the pre-filled example.
  const screen = page.locator('#operations-Screenings-screen');
  await screen.locator('.opblock-summary').first().click();
  // With try-it-out enabled by default the form is open already and the button reads "Cancel".
  const tryOut = screen.locator('button.try-out__btn');
  if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
  await screen.locator('button.execute').click();
  const status = (await screen.locator('.live-responses-table .response .response-col_status').first().innerText()).trim();
  if (status !== '201') {
    const body = await screen.locator('.live-responses-table .response-col_description').first().innerText();
    fail(`Try it out on POST /api/v1/screenings answered ${status}: ${body.slice(0, 300)}`);
  } else {
    console.log('Try it out: POST /api/v1/screenings with the pre-filled example answered 201');
  }

  t('tried');
  // Every error response of every operation: an example with its status.
  const operations = page.locator('.opblock');
  const count = await operations.count();
  let checked = 0;
  for (let i = 0; i < count; i++) {
    const operation = operations.nth(i);
    const name = (await operation.locator('.opblock-summary-method').first().innerText()).trim() + ' '
      + (await operation.locator('.opblock-summary-path').first().innerText()).replace(/\u200b/g, '').trim();
    if (!(await operation.evaluate((el) => el.classList.contains('is-open')))) {
      await operation.locator('.opblock-summary').first().click();
    }
    const table = operation.locator('.responses-wrapper table.responses-table:not(.live-responses-table)');
    await table.locator('tr.response').first().waitFor();
    // One look at the DOM per operation: each error row's code, its example names and the example shown.
    const read = () => table.evaluate((el) => [...el.querySelectorAll('tr.response')].map((row) => ({
      code: Number(row.getAttribute('data-code')),
      examples: [...row.querySelectorAll('.examples-select select option')].map((o) => o.textContent),
      shown: row.querySelector('.response-col_description .highlight-code, .response-col_description .example')?.innerText ?? null,
    })).filter((row) => row.code >= 400));
    const rows = await read();
    for (const row of rows) {
      const shown = [[row.examples[0] ?? null, row.shown]];
      for (const example of row.examples.slice(1)) {
        const select = table.locator(`tr.response[data-code="${row.code}"] .examples-select select`);
        const before = shown[shown.length - 1][1];
        await select.selectOption({ label: example });
        let text = before;
        for (let tries = 0; tries < 40 && text === before; tries++) {
          text = (await read()).find((x) => x.code === row.code).shown;
          if (text === before) await page.waitForTimeout(50);
        }
        if (text === before) fail(`${name} ${row.code}: choosing the example "${example}" does not change what is shown`);
        shown.push([example, text]);
      }
      for (const [example, text] of shown) {
        const where = `${name} ${row.code}${example ? ` (${example})` : ''}`;
        if (text === null) { fail(`${where}: no example shown`); continue; }
        let value;
        try {
          value = JSON.parse(text);
        } catch (e) {
          fail(`${where}: the example is not JSON`);
          continue;
        }
        if (value.status !== row.code) fail(`${where}: the example's status is ${value.status}`);
        else if (!String(value.type).startsWith('urn:bonafide:problem:') || !value.title) fail(`${where}: no type or title`);
        else checked++;
      }
    }
    await operation.locator('.opblock-summary').first().click(); // closed again: fewer nodes to render
  }
  t('examples read');
  console.log(`${checked} error examples across ${count} operations show their response's status`);
  if (checked === 0) fail('no error examples were found');
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} Swagger UI check(s) failed`);
  process.exit(1);
}
console.log('Swagger UI: all checks passed');
