// The JavaScript in the READMEs runs, so it cannot rot: bindings/wasm/README.md and the root
// README's "Browser (WebAssembly)" section. ```js blocks are browser code and run verbatim in
// headless Chromium, with an import map sending `scimkit-wasm` to pkg/web; ```js node blocks run
// under Node, where `scimkit-wasm` resolves to this package (pkg/node). Every
// `console.log(...); // text` line must print `text`, in order, and nothing else may be printed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { OUTPUT, ROOT, launchBrowser, serve, watchProblems } from './helpers.mjs';

/** The fenced code blocks of `markdown` as `{info, code}`. */
function codeBlocks(markdown) {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    info: m[1].trim(),
    code: m[2],
  }));
}

function rootBrowserSection() {
  const readme = readFileSync(join(ROOT, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Browser (WebAssembly)\n');
  assert.ok(start >= 0, 'the root README has a Browser (WebAssembly) section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** What the `console.log(...); // text` lines of `code` say they print. */
function expectedOutput(code) {
  return code
    .split('\n')
    .filter((line) => line.includes('console.log('))
    .map((line) => {
      const m = line.match(/console\.log\(.*\);\s*\/\/ (.*)$/);
      assert.ok(m, `a console.log without "// expected output": ${line}`);
      return m[1];
    });
}

const SOURCES = [
  ['bindings/wasm/README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')],
  ['README.md#browser-webassembly', rootBrowserSection()],
];
const EXAMPLES = SOURCES.flatMap(([source, markdown]) =>
  codeBlocks(markdown)
    .filter((b) => b.info === 'js' || b.info === 'js node')
    .map((b, i) => ({ name: `${source} example ${i + 1}`, node: b.info === 'js node', code: b.code })),
);

test('the READMEs have examples', () => {
  assert.ok(EXAMPLES.some((e) => e.name.startsWith('README.md') && !e.node), 'a browser example in the root README');
  assert.ok(EXAMPLES.some((e) => e.name.startsWith('bindings') && !e.node));
  assert.ok(EXAMPLES.some((e) => e.node));
  for (const e of EXAMPLES) assert.ok(expectedOutput(e.code).length > 0, `${e.name} checks nothing`);
});

let server;
let browser;
const pages = {};

before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const extra = {};
  EXAMPLES.forEach((e, i) => {
    if (e.node) return;
    extra[`/readme/${i}.mjs`] = ['text/javascript', e.code];
    extra[`/readme/${i}.html`] = [
      'text/html',
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{"imports": {"scimkit-wasm": "/pkg/web/scimkit_wasm.js"}}</script>
<script type="module">
try { await import('/readme/${i}.mjs'); window.__done = 'ok'; }
catch (e) { window.__done = 'threw ' + (e && e.stack || e); }
</script>`,
    ];
    pages[e.name] = `/readme/${i}.html`;
  });
  server = await serve(extra);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [i, example] of EXAMPLES.entries()) {
  test(example.name, async () => {
    const want = expectedOutput(example.code);
    if (example.node) {
      const file = join(OUTPUT, `readme-example-${i}.mjs`);
      writeFileSync(file, example.code);
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8' });
      assert.deepEqual(out.trimEnd().split('\n'), want);
      return;
    }
    const page = await browser.newPage();
    const problems = watchProblems(page);
    const logged = [];
    page.on('console', (msg) => {
      if (msg.type() === 'log') logged.push(msg.text());
    });
    await page.goto(`${server.url}${pages[example.name]}`);
    await page.waitForFunction(() => window.__done !== undefined, null, { timeout: 20_000 });
    assert.equal(await page.evaluate(() => window.__done), 'ok');
    assert.deepEqual(logged, want);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
