// End to end: the playground page (www/) served over HTTP and driven in headless Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { OUTPUT, launchBrowser, serve, watchProblems } from './helpers.mjs';

let server;
let browser;
let page;
let problems;

before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  server = await serve();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  problems = watchProblems(page);
  await page.goto(`${server.url}/www/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Replaces the filter text by typing it, key by key, as a person would. */
async function type(text) {
  const input = page.locator('#filter');
  await input.fill('');
  await input.pressSequentially(text);
}

async function matchedIds() {
  return page.locator('#users li.match').evaluateAll((lis) => lis.map((li) => li.dataset.id));
}

test('the server gives the .wasm the application/wasm type', async () => {
  const res = await fetch(`${server.url}/pkg/web/scimkit_wasm_bg.wasm`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  await res.arrayBuffer();
});

test('the page is accessible: labelled input, live result region', async () => {
  assert.equal(await page.getByLabel('Filter', { exact: true }).count(), 1);
  assert.equal(await page.locator('#result').getAttribute('aria-live'), 'polite');
  assert.equal(await page.locator('#filter').getAttribute('aria-describedby'), 'result');
  // The initial filter is valid and matches the one active user with a work address at example.com.
  assert.deepEqual(await matchedIds(), ['2819c223']);
});

test('a valid filter: canonical form and the matching users', async () => {
  await type('name.familyName SW "j" AND NOT (userType eq "Intern")');
  await page.waitForFunction(() => document.querySelector('#canonical').textContent.includes('not ('));
  assert.equal(
    await page.locator('#canonical').textContent(),
    'name.familyName sw "j" and not (userType eq "Intern")',
  );
  assert.deepEqual(await matchedIds(), ['2819c223', 'c3a1f0e2']);
  assert.match(await page.locator('#status').textContent(), /Valid filter: 2 of 5 users match/);
  assert.equal(await page.locator('#filter').getAttribute('aria-invalid'), 'false');
  assert.equal(await page.locator('#backdrop mark').count(), 0);
  await page.screenshot({ path: join(OUTPUT, 'page-valid.png'), fullPage: true });
});

test('an invalid filter: the message, and the span highlighted in the input', async () => {
  await type('userName equals "bjensen"');
  assert.equal(
    await page.locator('#message').textContent(),
    'expected a comparison operator such as `eq`, found `equals`',
  );
  assert.equal(await page.locator('#backdrop mark').textContent(), 'equals');
  assert.equal(await page.locator('#filter').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await matchedIds(), []);
  assert.match(await page.locator('#rendered').textContent(), /\^\^\^\^\^\^/);
});

test('a compile error after non-BMP characters: UTF-16 spans mark the right text', async () => {
  await type('nickName eq "🦊🦊" or usrName pr');
  assert.equal(await page.locator('#message').textContent(), 'unknown attribute `usrName` for resource type User');
  assert.equal(await page.locator('#backdrop mark').textContent(), 'usrName');
  assert.match(await page.locator('#status').textContent(), /invalidFilter 400/);
  // The mark sits exactly over the word in the textarea: same font, same wrapping.
  const box = await page.locator('#backdrop mark').boundingBox();
  const input = await page.locator('#filter').boundingBox();
  assert.ok(box.x > input.x && box.x + box.width < input.x + input.width);
  await page.screenshot({ path: join(OUTPUT, 'page-error.png'), fullPage: true });
});

test('a long filter: the textarea grows, and the mark stays over the text on a later line', async () => {
  const long = `${'title pr or '.repeat(12)}usrName pr`;
  await type(long);
  assert.equal(await page.locator('#backdrop mark').textContent(), 'usrName');
  const input = await page.locator('#filter').evaluate((t) => [t.scrollHeight, t.clientHeight]);
  assert.ok(input[0] <= input[1], 'no scrolling inside the textarea');
  const mark = await page.locator('#backdrop mark').boundingBox();
  const box = await page.locator('#filter').boundingBox();
  assert.ok(mark.y > box.y + 30 && mark.y + mark.height < box.y + box.height, 'on a later line, inside');
});

test('the end of the input is marked when the filter stops short', async () => {
  await type('title pr and');
  assert.match(await page.locator('#message').textContent(), /expected a filter after `and`/);
  assert.equal(await page.locator('#backdrop mark.empty').count(), 1);
});

test('strict mode and the example buttons', async () => {
  await type('userName  eq "bjensen"');
  assert.equal(await page.locator('#canonical').textContent(), 'userName eq "bjensen"');
  await page.getByLabel('Strict RFC grammar').check();
  assert.match(await page.locator('#message').textContent(), /unexpected whitespace/);
  assert.equal(await page.locator('#backdrop mark').textContent(), ' ');
  await page.getByLabel('Strict RFC grammar').uncheck();
  await page.getByRole('button', { name: 'dateTime' }).click();
  assert.deepEqual(await matchedIds(), ['2819c223', '5d48a0a8', 'c3a1f0e2']);
});

test('nothing went wrong in the page', () => {
  assert.deepEqual(problems, []);
});
