// The npm package as a user gets it: `npm pack`, `npm install` of the tarball into a scratch
// project, then require, import (Node build), the web build under Node (initSync), and
// TypeScript with Node's and a bundler's module resolution.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { OUTPUT, ROOT } from './helpers.mjs';

const SCRATCH = join(OUTPUT, 'package');
const CONSUMER = join(SCRATCH, 'consumer');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let files;

before(() => {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(CONSUMER, { recursive: true });
  const packed = JSON.parse(
    execFileSync(NPM, ['pack', ROOT, '--json', '--pack-destination', SCRATCH, '--loglevel=error'], {
      cwd: SCRATCH,
      encoding: 'utf8',
    }),
  )[0];
  files = packed.files.map((f) => f.path).sort();
  writeFileSync(join(CONSUMER, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  execFileSync(
    NPM,
    ['install', join(SCRATCH, packed.filename), '--offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: CONSUMER, stdio: ['ignore', 'ignore', 'pipe'] },
  );
});

test('the tarball holds both builds and nothing else', () => {
  for (const flavour of ['web', 'node']) {
    for (const f of ['package.json', 'scimkit_wasm.d.ts', 'scimkit_wasm.js', 'scimkit_wasm_bg.wasm']) {
      assert.ok(files.includes(`pkg/${flavour}/${f}`), `pkg/${flavour}/${f} is packed`);
    }
  }
  assert.ok(files.includes('README.md'));
  assert.ok(files.includes('package.json'));
  const stray = files.filter((f) => !f.startsWith('pkg/') && !['README.md', 'package.json'].includes(f));
  assert.deepEqual(stray, []);
});

test('require and import load the Node build', () => {
  const script = (kind) =>
    kind === 'cjs'
      ? "const { Filter, PROFILES, applyPatch } = require('scimkit-wasm');"
      : "import { Filter, PROFILES, applyPatch } from 'scimkit-wasm';";
  for (const [kind, file] of [['cjs', 'smoke.cjs'], ['esm', 'smoke.mjs']]) {
    writeFileSync(
      join(CONSUMER, file),
      `${script(kind)}
if (String(new Filter('userName Eq "x"')) !== 'userName eq "x"') throw new Error('${kind}');
if (!new Filter('userName eq "x"').matches({ userName: 'X' })) throw new Error('${kind}');
if (PROFILES.length !== 6 || !Object.isFrozen(PROFILES)) throw new Error('${kind}: PROFILES');
const op = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'title', value: 'T' }] };
if (applyPatch({ userName: 'x' }, op).title !== 'T') throw new Error('${kind}: applyPatch');
`,
    );
    execFileSync(process.execPath, [file], { cwd: CONSUMER });
  }
});

test('the web build runs under Node too, given the module bytes', () => {
  writeFileSync(
    join(CONSUMER, 'web.mjs'),
    `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, Filter, PROFILES, PatchRequest } from 'scimkit-wasm/web';
console.log(PROFILES.join(' '));
const bytes = readFileSync(createRequire(import.meta.url).resolve('scimkit-wasm/scimkit_wasm_bg.wasm'));
initSync({ module: bytes });
try { new Filter('a eq'); } catch (e) { console.log(e.name, e.scimType, e.start, e.end); }
try { new PatchRequest({ schemas: [], Operations: [] }); } catch (e) { console.log(e.scimType, e.operation); }
`,
  );
  const out = execFileSync(process.execPath, ['web.mjs'], { cwd: CONSUMER, encoding: 'utf8' });
  assert.equal(
    out.trim(),
    'rfc entra okta onelogin google jumpcloud\nScimError invalidFilter 4 4\ninvalidSyntax null',
  );
});

function tsc(file, ...args) {
  const bin = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  copyFileSync(join(ROOT, 'tests', 'types', file), join(CONSUMER, file));
  const common = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,esnext.disposable,dom'];
  try {
    execFileSync(process.execPath, [bin, ...common, ...args, file], { cwd: CONSUMER, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc found errors in tests/types/${file} (${args.join(' ')}):\n${e.stdout}${e.stderr}`);
  }
}

test('TypeScript: the Node build, with Node module resolution', () => {
  tsc('usage.ts', '--module', 'nodenext', '--moduleResolution', 'nodenext');
});

test('TypeScript: the web build, with bundler module resolution', () => {
  tsc('usage.ts', '--module', 'esnext', '--moduleResolution', 'bundler');
  tsc('web.ts', '--module', 'esnext', '--moduleResolution', 'bundler');
});
