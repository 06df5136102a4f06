// Installing from the repository, as the README says: `npm install /path/to/bindings/node` (a
// link) and `npm pack` + `npm install scimkit-<version>.tgz` (a copy) in a fresh project, then
// `require`, `import` and TypeScript (test/types/usage.ts type-checked against index.d.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

const scratch = mkdtempSync(join(tmpdir(), 'scimkit-install-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs npm in `cwd`; throws with npm's output on failure. */
function npm(cwd, ...args) {
  const npmCli = process.env.npm_execpath; // set when run through `npm test`
  const [cmd, pre] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  return execFileSync(cmd, [...pre, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A new, empty npm project. */
function project(name) {
  const dir = join(scratch, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  return dir;
}

const SMOKE_CJS = `
const assert = require('node:assert/strict');
const { Filter, PatchPath, PatchRequest, PROFILES, Schemas, applyPatch } = require('scimkit');
const f = new Filter('userName Eq "bjensen"');
assert.equal(String(f), 'userName eq "bjensen"');
assert.equal(f.matches({ userName: 'BJENSEN' }), true);
assert.deepEqual(new Schemas().resourceTypes(), ['User', 'Group']);
assert.equal(String(new PatchPath('name.givenName')), 'name.givenName');
const patch = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'title', value: 'x' }] };
assert.deepEqual(applyPatch({ userName: 'b' }, patch, { profile: PROFILES[1] }), { userName: 'b', title: 'x' });
assert.equal(new PatchRequest(patch).apply('{"userName": "b"}').changed, true);
`;
const SMOKE_ESM = `
import assert from 'node:assert/strict';
import { Filter, PatchRequest, PROFILES, applyPatch, listResponse, project, serviceProviderConfig, sort, validate } from 'scimkit';
import scimkit from 'scimkit';
assert.equal(new Filter('title pr').matches({ title: 'x' }), true);
const U = 'urn:ietf:params:scim:schemas:core:2.0:User';
assert.deepEqual(validate({ schemas: [U], id: '1', userName: 'b' }).dropped, ['id']);
assert.deepEqual(project({ schemas: [U], id: '1', userName: 'b' }, { attributes: 'id' }), { schemas: [U], id: '1' });
assert.deepEqual(sort([{ userName: 'b' }, '{"userName": "a"}'], 'userName')[0], '{"userName": "a"}');
assert.equal(serviceProviderConfig({ patch: true }).patch.supported, true);
assert.equal(listResponse([]).totalResults, 0);
assert.equal(scimkit.Filter, Filter);
assert.equal(scimkit.applyPatch, applyPatch);
assert.equal(scimkit.PatchRequest, PatchRequest);
assert.equal(PROFILES[0], 'rfc');
`;

function smoke(dir) {
  writeFileSync(join(dir, 'smoke.cjs'), SMOKE_CJS);
  writeFileSync(join(dir, 'smoke.mjs'), SMOKE_ESM);
  execFileSync(process.execPath, ['smoke.cjs'], { cwd: dir });
  execFileSync(process.execPath, ['smoke.mjs'], { cwd: dir });
}

test('npm install <folder>, then require, import and TypeScript', () => {
  const dir = project('linked');
  npm(dir, 'install', PKG, ...NPM_FLAGS);
  smoke(dir);
  copyFileSync(join(PKG, 'test', 'types', 'usage.ts'), join(dir, 'usage.ts'));
  const tsc = join(PKG, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
  try {
    execFileSync(process.execPath, [tsc, ...args, '--target', 'es2022', 'usage.ts'], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc found errors in test/types/usage.ts:\n${e.stdout}${e.stderr}`);
  }
});

test('npm pack, then npm install the tarball', () => {
  const packed = join(scratch, 'packed');
  execFileSync('mkdir', ['-p', packed]);
  npm(packed, 'pack', PKG, '--loglevel=error');
  const tarball = `scimkit-${version}.tgz`;
  assert.deepEqual(readdirSync(packed), [tarball]);
  const listing = execFileSync('tar', ['tzf', join(packed, tarball)], { encoding: 'utf8' }).split('\n');
  for (const f of ['package/index.js', 'package/index.d.ts', 'package/package.json', 'package/README.md']) {
    assert.ok(listing.includes(f), `${f} is in the tarball`);
  }
  assert.ok(listing.some((f) => /^package\/scimkit\..*\.node$/.test(f)), 'the addon is in the tarball');
  assert.ok(!listing.some((f) => f.includes('node_modules') || f.startsWith('package/src/')), listing.join(' '));
  const dir = project('copied');
  npm(dir, 'install', join(packed, tarball), ...NPM_FLAGS);
  smoke(dir);
});
