// The shared vectors (../../testdata, format in testdata/README.md) for the JavaScript hosts.
//
// Host-agnostic: `registerVectorTests(test, api)` takes `node:test`'s `test` and a module that
// exports `Filter`, `PatchPath` and `Schemas` (the Node addon or the WASM package) and registers
// one test per case. Byte spans in the vectors are converted to UTF-16 code units here. Beyond
// what the Rust runner checks, every `matches` case also runs on the fixtures as JSON text (which
// the engine parses) and must give the same result as on the objects (read in place).
//
// `registerPatchVectorTests(test, api)` does the same for `testdata/patch` with a module that
// also exports `applyPatch`, `PatchRequest` and `PROFILES`. Each case runs three ways —
// `applyPatch` on the objects, `applyPatch` on their JSON text, and a `PatchRequest` — which
// must agree; and the case's own objects must come through unmodified.

import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'testdata');

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function jsonFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Every case in `testdata/<dir>/*.json`, as `{file, c}`. */
export function loadCases(dir) {
  const out = [];
  for (const file of jsonFiles(join(TESTDATA, dir))) {
    for (const c of readJson(file)) out.push({ file: file.split('/').pop(), c });
  }
  return out;
}

/** The parse options a case asks for, in the JavaScript API's shape. */
export function parseOptions(c) {
  const o = c.options ?? {};
  const opts = {};
  for (const k of ['strict', 'lenientWhitespace', 'valuePathSubAttr', 'dollarNames', 'maxDepth', 'maxLength']) {
    if (o[k] !== undefined) opts[k] = o[k];
  }
  return opts;
}

/** `[start, end]` in bytes of the UTF-8 of `text`, as UTF-16 code units. */
export function byteSpanToUtf16(text, [start, end]) {
  const bytes = Buffer.from(text, 'utf8');
  const units = (n) => bytes.subarray(0, n).toString('utf8').length;
  return [units(start), units(end)];
}

/** The RFC 7643 registry plus the fixture schemas (the Widget resource type). */
export function makeSchemas(api) {
  const schemas = new api.Schemas();
  const docs = jsonFiles(join(TESTDATA, 'fixtures', 'schemas')).map(readJson);
  if (docs.length) schemas.load(docs);
  return schemas;
}

/** The fixture resources by name. */
export function loadFixtures() {
  const out = {};
  for (const name of ['users', 'groups', 'widgets']) {
    const path = join(TESTDATA, 'fixtures', `${name}.json`);
    if (existsSync(path)) out[name] = readJson(path);
  }
  return out;
}

const DEFAULT_FIXTURE = { User: 'users', Group: 'groups', Widget: 'widgets' };

function checkError(c, text, err, phase) {
  const want = c.error;
  assert.equal(err.name, 'ScimError', `not a ScimError: ${err && err.stack}`);
  assert.ok(err instanceof Error, 'a ScimError is an Error');
  if (want.scimType !== undefined) assert.equal(err.scimType, want.scimType, err.message);
  if (want.status !== undefined) assert.equal(err.status, want.status);
  if (want.phase !== undefined) assert.equal(phase, want.phase, `failed at ${phase}: ${err.message}`);
  if (want.span !== undefined) {
    assert.deepEqual([err.start, err.end], byteSpanToUtf16(text, want.span), err.rendered);
  }
  if (want.detail !== undefined) assert.ok(err.detail.includes(want.detail), err.detail);
  assert.equal(err.message, err.detail);
  assert.equal(typeof err.rendered, 'string');
  assert.equal(err.document.scimType ?? null, err.scimType);
  assert.equal(err.document.status, String(err.status));
}

/** A syntax tree (`ast()`) without its `span` members, to compare meaning. */
export function withoutSpans(node) {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'span') out[k] = withoutSpans(v);
  return out;
}

/** Runs one filter case; throws an AssertionError on a mismatch. */
export function runFilterCase(api, c, schemas, fixtures) {
  const text = c.filter;
  let f;
  try {
    f = new api.Filter(text, parseOptions(c));
  } catch (err) {
    if (c.error) return checkError(c, text, err, 'parse');
    throw err;
  }
  const expect = c.expect ?? {};
  if (expect.canonical !== undefined) {
    const printed = String(f);
    assert.equal(printed, expect.canonical);
    const again = new api.Filter(printed, { strict: true, dollarNames: true });
    assert.equal(String(again), printed, 'the canonical form is a fixed point');
    assert.deepEqual(withoutSpans(again.ast()), withoutSpans(f.ast()), 'and means the same');
  }
  if (expect.matches === undefined && !c.error) return;
  const resourceType = c.resourceType === undefined ? 'User' : c.resourceType;
  const fixture = c.fixture ?? DEFAULT_FIXTURE[resourceType];
  const resources = fixtures[fixture];
  assert.ok(resources, `no fixture ${fixture}`);
  let matched;
  try {
    matched = f.filter(resources, { resourceType, schemas });
  } catch (err) {
    if (c.error) return checkError(c, text, err, 'compile');
    throw err;
  }
  assert.ok(!c.error, 'expected an error, got none');
  assert.deepEqual(matched.map((r) => r.id), expect.matches);
  // `filter` returns the very objects it was given, and `matches` agrees with it.
  for (const r of matched) assert.ok(resources.includes(r));
  const one = resources.filter((r) => f.matches(r, { resourceType, schemas }));
  assert.deepEqual(one, matched);
  // JSON text (parsed by the engine) matches exactly what the objects (read in place) match.
  const texts = resources.map((r) => JSON.stringify(r));
  const fromText = f.filter(texts, { resourceType, schemas });
  for (const t of fromText) assert.equal(typeof t, 'string');
  assert.deepEqual(fromText.map((t) => JSON.parse(t).id), expect.matches, 'as JSON text');
}

/** Runs one PATCH path case. */
export function runPathCase(api, c) {
  let p;
  try {
    p = new api.PatchPath(c.path, parseOptions(c));
  } catch (err) {
    if (c.error) return checkError(c, c.path, err, 'parse');
    throw err;
  }
  assert.ok(!c.error, 'expected an error, got none');
  if (c.expect?.canonical !== undefined) assert.equal(String(p), c.expect.canonical);
}

/** Registers one `node:test` test per vector. */
export function registerVectorTests(test, api, label) {
  const filters = loadCases('filters');
  const paths = loadCases('paths');
  const schemas = makeSchemas(api);
  const fixtures = loadFixtures();
  test(`${label}: the vectors are there`, () => {
    assert.ok(filters.length >= 250, `only ${filters.length} filter vectors`);
    assert.ok(paths.length >= 40, `only ${paths.length} path vectors`);
  });
  for (const { file, c } of filters) {
    test(`${label} filters/${file}: ${c.name}`, () => runFilterCase(api, c, schemas, fixtures));
  }
  for (const { file, c } of paths) {
    test(`${label} paths/${file}: ${c.name}`, () => runPathCase(api, c));
  }
}

// ---------------------------------------------------------------------------------------------
// PATCH
// ---------------------------------------------------------------------------------------------

/** The member `key` of `obj`, matched case-insensitively (as the engine reads PatchOp members). */
function member(obj, key) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  if (Object.hasOwn(obj, key)) return obj[key];
  const found = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : obj[found];
}

/** Asserts that no object or array of `input` is reused in `output`: results are fresh. */
function assertFresh(output, input) {
  const seen = new Set();
  const collect = (v) => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    for (const x of Object.values(v)) collect(x);
  };
  collect(input);
  const check = (v, where) => {
    if (v === null || typeof v !== 'object') return;
    assert.ok(!seen.has(v), `${where} is an object of the input, not a new one`);
    assert.ok(Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype, `${where} is a plain object`);
    for (const [k, x] of Object.entries(v)) check(x, `${where}.${k}`);
  };
  check(output, 'result');
}

function checkPatchError(c, err, how) {
  const want = c.error;
  const at = `(${how}) ${err && err.message}`;
  assert.equal(err.name, 'ScimError', `not a ScimError ${how}: ${err && err.stack}`);
  assert.ok(err instanceof Error, 'a ScimError is an Error');
  if (want.scimType !== undefined) assert.equal(err.scimType, want.scimType, at);
  if (want.status !== undefined) assert.equal(err.status, want.status, at);
  if (want.operation !== undefined) assert.equal(err.operation, want.operation, at);
  if (err.operation !== null) {
    assert.ok(Number.isInteger(err.operation) && err.operation >= 0, `operation ${err.operation}`);
    assert.ok(err.detail.startsWith(`Operations[${err.operation}]: `), `detail names the operation: ${at}`);
  }
  if (want.span !== undefined) {
    // A byte span into the failing operation's `path`.
    const ops = member(c.patch, 'Operations');
    const op = Array.isArray(ops) ? ops[want.operation ?? err.operation] : undefined;
    const path = member(op, 'path');
    assert.equal(typeof path, 'string', `the span's operation has a path ${at}`);
    const [start, end] = want.span;
    assert.ok(0 <= start && start <= end && end <= Buffer.byteLength(path), `the vector's span is within the path`);
    assert.deepEqual([err.start, err.end], byteSpanToUtf16(path, want.span), `span ${at}\n${err.rendered}`);
  }
  if (want.detail !== undefined) assert.ok(err.detail.includes(want.detail), `detail ${at}`);
  assert.equal(err.message, err.detail);
  assert.equal(typeof err.rendered, 'string');
  assert.equal(err.document.scimType ?? null, err.scimType);
  assert.equal(err.document.status, String(err.status));
  assert.equal(err.document.detail, err.detail);
}

/** Runs `fn`; returns `{ok: value}` or `{err}`. */
function attempt(fn) {
  try {
    return { ok: fn() };
  } catch (err) {
    return { err };
  }
}

/** Runs one PATCH case; throws an AssertionError on a mismatch. */
export function runPatchCase(api, c, schemas) {
  const profile = c.profile ?? 'rfc';
  const resourceType = c.resourceType ?? 'User';
  const resourceBefore = structuredClone(c.resource);
  const patchBefore = structuredClone(c.patch);

  const runs = {
    'applyPatch(objects)': attempt(() => api.applyPatch(c.resource, c.patch, { resourceType, profile, schemas })),
    'applyPatch(JSON text)': attempt(() =>
      api.applyPatch(JSON.stringify(c.resource), JSON.stringify(c.patch), { resourceType, profile, schemas }),
    ),
    PatchRequest: attempt(() => new api.PatchRequest(c.patch, { profile }).apply(c.resource, { resourceType, schemas })),
  };

  // The case's objects are never modified, whatever happened.
  assert.deepEqual(c.resource, resourceBefore, 'the resource given was modified');
  assert.deepEqual(c.patch, patchBefore, 'the PatchOp message given was modified');

  if (c.error) {
    for (const [how, r] of Object.entries(runs)) {
      assert.ok(r.err, `expected an error ${how}, got ${JSON.stringify(r.ok)}`);
      checkPatchError(c, r.err, how);
    }
    return;
  }
  for (const [how, r] of Object.entries(runs)) {
    if (r.err) throw r.err.name === 'ScimError' ? new Error(`${how}: ${r.err.rendered}`) : r.err;
  }
  const expect = c.expect ?? {};
  const { resource, changed } = runs.PatchRequest.ok;
  assert.equal(typeof changed, 'boolean');
  for (const [how, got] of [
    ['applyPatch(objects)', runs['applyPatch(objects)'].ok],
    ['applyPatch(JSON text)', runs['applyPatch(JSON text)'].ok],
    ['PatchRequest', resource],
  ]) {
    if (expect.resource !== undefined) assert.deepEqual(got, expect.resource, how);
    assertFresh(got, c.resource);
  }
  assert.deepEqual(runs['applyPatch(objects)'].ok, resource, 'applyPatch and PatchRequest agree');
  assert.deepEqual(runs['applyPatch(JSON text)'].ok, resource, 'objects and JSON text agree');
  if (expect.changed !== undefined) assert.equal(changed, expect.changed, 'changed');
  // `changed` is exactly "the result differs from the input".
  assert.equal(changed, !isDeepStrictEqual(resource, c.resource), 'changed means the resource differs');
}

/** Registers one `node:test` test per PATCH vector (`testdata/patch`). */
export function registerPatchVectorTests(test, api, label) {
  const cases = loadCases('patch');
  const schemas = makeSchemas(api);
  test(`${label}: PATCH vectors use known profiles and resource types`, () => {
    assert.ok(cases.length >= 150, `only ${cases.length} PATCH vectors`);
    for (const { file, c } of cases) {
      if (c.profile !== undefined) assert.ok(api.PROFILES.includes(c.profile), `${file}: ${c.name}: profile ${c.profile}`);
      if (c.resourceType !== undefined) assert.equal(typeof c.resourceType, 'string', `${file}: ${c.name}`);
    }
  });
  for (const { file, c } of cases) {
    test(`${label} patch/${file}: ${c.name}`, () => runPatchCase(api, c, schemas));
  }
}
