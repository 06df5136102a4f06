// The TypeScript declarations wasm-bindgen generates are the public API: a copy is committed as
// ../scimkit_wasm.d.ts so that every change to it shows in review. UPDATE_TYPES=1 rewrites it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';

import { ROOT } from './helpers.mjs';

const COMMITTED = join(ROOT, 'scimkit_wasm.d.ts');

test('the generated .d.ts matches the committed scimkit_wasm.d.ts', () => {
  const node = readFileSync(join(ROOT, 'pkg', 'node', 'scimkit_wasm.d.ts'), 'utf8');
  const web = readFileSync(join(ROOT, 'pkg', 'web', 'scimkit_wasm.d.ts'), 'utf8');
  // The web build declares the same API, then its init functions.
  assert.ok(web.startsWith(node), 'pkg/web declares the API of pkg/node');
  assert.match(web.slice(node.length), /export default function __wbg_init/);
  if (process.env.UPDATE_TYPES) writeFileSync(COMMITTED, node);
  assert.equal(node, readFileSync(COMMITTED, 'utf8'), 'run with UPDATE_TYPES=1 and review the diff');
  for (const name of [
    'class Filter',
    'class PatchPath',
    'class PatchRequest',
    'class Schemas',
    'interface ScimError',
    'function applyPatch<',
    'const PROFILES',
    'function validate<',
    'function project<',
    'function sort<',
    'function serviceProviderConfig(',
    'function listResponse<',
    'interface ListResponse<',
  ]) {
    assert.ok(node.includes(`export ${name}`), name);
  }
  assert.ok(!node.includes('__scimkit'), 'the internal exports are not declared');
  for (const method of ['schemasDocument(baseUrl?: string | null): ListResponse<SchemaDocument>', 'resourceTypesDocument(baseUrl?: string | null): ListResponse<ResourceTypeDocument>']) {
    assert.ok(node.includes(method), method);
  }
});
