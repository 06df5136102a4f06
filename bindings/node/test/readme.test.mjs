// Runs the JavaScript examples of the READMEs (bindings/node/README.md and the `## Node` section
// of the repository's README.md), so that they cannot rot. Each ```js block runs as its own
// CommonJS script in a scratch project where `require('scimkit')` is this package.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(PKG, '..', '..');

/** The ```js blocks of `markdown`. */
function jsBlocks(markdown) {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** The `## Node` section of the repository README. */
function nodeSection(markdown) {
  const start = markdown.indexOf('\n## Node\n');
  assert.ok(start >= 0, 'README.md has a `## Node` section');
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

const scratch = mkdtempSync(join(tmpdir(), 'scimkit-readme-'));
mkdirSync(join(scratch, 'node_modules'));
symlinkSync(PKG, join(scratch, 'node_modules', 'scimkit'), 'dir');
after(() => rmSync(scratch, { recursive: true, force: true }));

const sources = [
  ['bindings/node/README.md', readFileSync(join(PKG, 'README.md'), 'utf8')],
  ['README.md ## Node', nodeSection(readFileSync(join(ROOT, 'README.md'), 'utf8'))],
];

for (const [name, markdown] of sources) {
  const blocks = jsBlocks(markdown);
  test(`${name} has JavaScript examples`, () => assert.ok(blocks.length >= 2, `${blocks.length} blocks`));
  blocks.forEach((code, i) => {
    test(`${name} example ${i + 1}`, () => {
      const file = join(scratch, `${name.replace(/\W+/g, '_')}_${i + 1}.cjs`);
      writeFileSync(file, code);
      execFileSync(process.execPath, [file], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    });
  });
}
