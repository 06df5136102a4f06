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
//
// `registerSchemaVectorTests(test, api, label)` does the same for `testdata/schema` with a module
// that also exports `validate`, `project`, `sort`, `serviceProviderConfig` and `listResponse`
// (and `Schemas` with `schemasDocument` / `resourceTypesDocument`), and checks those documents.
// Each case runs on the objects and on their JSON text as the vector file writes it, which must
// agree (numbers a JavaScript number cannot hold as written, `1.0`, `1e2`, run as text only).

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

// ---------------------------------------------------------------------------------------------
// Schema engine: validate, project, sort (testdata/schema) and the service provider documents
// ---------------------------------------------------------------------------------------------

const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SERVICE_PROVIDER_CONFIG_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/**
 * The documents a case's `load` lists (paths relative to testdata/), flattened into one array —
 * an array's elements, a ListResponse's `Resources` — to load in one `Schemas.load` call, as the
 * Rust runner does.
 */
export function loadDocuments(paths) {
  const flat = [];
  for (const p of paths) {
    const doc = readJson(join(TESTDATA, p));
    if (Array.isArray(doc)) flat.push(...doc);
    else if (doc !== null && typeof doc === 'object' && Array.isArray(doc.Resources)) flat.push(...doc.Resources);
    else flat.push(doc);
  }
  return flat;
}

function checkSchemaError(c, err, how) {
  const want = c.error;
  const at = `(${how}) ${err && err.message}`;
  assert.equal(err.name, 'ScimError', `not a ScimError ${how}: ${err && err.stack}`);
  assert.ok(err instanceof Error, 'a ScimError is an Error');
  if (want.scimType !== undefined) assert.equal(err.scimType, want.scimType, at);
  if (want.status !== undefined) assert.equal(err.status, want.status, at);
  if (want.detail !== undefined) assert.ok(err.detail.includes(want.detail), `detail ${at}`);
  assert.equal(err.message, err.detail);
  assert.equal(typeof err.rendered, 'string');
  assert.equal(err.document.scimType ?? null, err.scimType);
  assert.equal(err.document.status, String(err.status));
  assert.equal(err.document.detail, err.detail);
  assert.equal(err.operation, null);
}

/** `runs` (name → `{ok}` / `{err}`) all failed as the case says, or all succeeded alike. */
function settle(c, runs) {
  if (c.error) {
    for (const [how, r] of Object.entries(runs)) {
      assert.ok(r.err, `expected an error ${how}, got ${JSON.stringify(r.ok)}`);
      checkSchemaError(c, r.err, how);
    }
    return null;
  }
  for (const [how, r] of Object.entries(runs)) {
    if (r.err) throw r.err.name === 'ScimError' ? new Error(`${how}: ${r.err.rendered}`) : r.err;
  }
  assert.ok(c.expect, 'the case has neither expect nor error');
  return Object.entries(runs).map(([how, r]) => [how, r.ok]);
}

/** The i-th input for each output element: `out` must be a permutation of `input` (by identity). */
function permutation(out, input) {
  const used = new Set();
  return out.map((v, k) => {
    const i = input.findIndex((x, j) => !used.has(j) && x === v);
    assert.ok(i >= 0, `result[${k}] is not one of the values given`);
    used.add(i);
    return i;
  });
}

// JSON numbers as written. A JavaScript number cannot tell `1.0` or `1e2` from `1` (RFC 7643
// §2.3.4: an integer has no fraction or exponent part), so cases holding such numbers (or integers
// beyond 2^53) run on their JSON text only, taken from the vector file as written.

/** A number token of the vector file, kept as written. */
class RawNumber {
  constructor(text) {
    this.text = text;
  }
}

/** `text` parsed as JSON, with every number a `RawNumber`. */
export function parseRawJson(text) {
  let i = 0;
  const fail = () => {
    throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`);
  };
  const skip = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const token = (re) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) fail();
    i = re.lastIndex;
    return m[0];
  };
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const LITERAL = /true|false|null/y;
  const expect = (ch) => {
    skip();
    if (text[i] !== ch) fail();
    i++;
  };
  const value = () => {
    skip();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const out = {};
      skip();
      if (text[i] === '}') return i++, out;
      for (;;) {
        skip();
        const key = JSON.parse(token(STRING));
        expect(':');
        Object.defineProperty(out, key, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[i] === ',') i++;
        else return expect('}'), out;
      }
    }
    if (ch === '[') {
      i++;
      const out = [];
      skip();
      if (text[i] === ']') return i++, out;
      for (;;) {
        out.push(value());
        skip();
        if (text[i] === ',') i++;
        else return expect(']'), out;
      }
    }
    if (ch === '"') return JSON.parse(token(STRING));
    if (ch === '-' || (ch >= '0' && ch <= '9')) return new RawNumber(token(NUMBER));
    return JSON.parse(token(LITERAL));
  };
  const out = value();
  skip();
  if (i !== text.length) fail();
  return out;
}

/** `v` (from `parseRawJson`) as JSON text, its numbers as written. */
export function rawJsonText(v) {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) return `[${v.map(rawJsonText).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${rawJsonText(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Does `v` (from `parseRawJson`) hold a number that a JavaScript number does not represent as written? */
export function hasLossyNumber(v) {
  if (v instanceof RawNumber) {
    const n = Number(v.text);
    if (!Number.isFinite(n) || Object.is(n, -0)) return true;
    // A fraction or exponent makes a JSON float even when the value is integral (`1.0`, `1e2`).
    return /[.eE]/.test(v.text) ? Number.isInteger(n) : !Number.isSafeInteger(n);
  }
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasLossyNumber);
  return false;
}

/**
 * Runs one schema case (`validate`, `project` or `sort`); throws an AssertionError on a mismatch.
 * `raw` is the case as `parseRawJson` reads it (numbers as written): the JSON text runs use it,
 * and when it holds a number that JavaScript cannot represent as written only they run.
 */
export function runSchemaCase(api, c, schemas, raw = undefined) {
  const resourceType = c.resourceType ?? 'User';
  const before = structuredClone(c);
  const check = () => assert.deepEqual(c, before, 'the values given were modified');
  const text = (key) => (raw === undefined ? JSON.stringify(c[key]) : rawJsonText(raw[key]));
  const lossy = raw !== undefined && ['resource', 'existing', 'resources'].some((k) => hasLossyNumber(raw[k]));
  switch (c.kind) {
    case 'validate': {
      const opts = { resourceType, schemas };
      if (c.mode !== undefined) opts.mode = c.mode;
      for (const k of ['unknownAttributes', 'canonicalValues']) {
        if (c.options?.[k] !== undefined) opts[k] = c.options[k];
      }
      const textOpts = { ...opts };
      if (c.existing !== undefined) {
        opts.existing = c.existing;
        textOpts.existing = text('existing');
      }
      const runs = {};
      if (!lossy) runs.objects = attempt(() => api.validate(c.resource, opts));
      runs['JSON text'] = attempt(() => api.validate(text('resource'), textOpts));
      check();
      const results = settle(c, runs);
      if (!results) return;
      for (const [how, got] of results) {
        assert.deepEqual(Object.keys(got).sort(), ['dropped', 'resource'], how);
        if (c.expect.resource !== undefined) assert.deepEqual(got.resource, c.expect.resource, how);
        assert.ok(Array.isArray(got.dropped), how);
        for (const d of got.dropped) assert.equal(typeof d, 'string', how);
        if (c.expect.dropped !== undefined) {
          assert.deepEqual([...got.dropped].sort(), [...c.expect.dropped].sort(), `dropped (${how}), in any order`);
        }
        assertFresh(got.resource, c.resource);
        assert.deepEqual(got, results[0][1], `${how} agrees with ${results[0][0]}`);
      }
      return;
    }
    case 'project': {
      const opts = { resourceType, schemas };
      const lists = {};
      for (const k of ['attributes', 'excludedAttributes']) {
        if (c[k] !== undefined) lists[k] = c[k];
      }
      const runs = {};
      if (!lossy) runs.objects = attempt(() => api.project(c.resource, { ...opts, ...lists }));
      runs['JSON text'] = attempt(() => api.project(text('resource'), { ...opts, ...lists }));
      // The names as one comma-separated string, as a query gives them.
      if (Object.values(lists).every((l) => l.every((n) => !n.includes(',')))) {
        const joined = Object.fromEntries(Object.entries(lists).map(([k, l]) => [k, l.join(',')]));
        runs['comma-separated'] = attempt(() => api.project(text('resource'), { ...opts, ...joined }));
      }
      check();
      const results = settle(c, runs);
      if (!results) return;
      for (const [how, got] of results) {
        if (c.expect.resource !== undefined) assert.deepEqual(got, c.expect.resource, how);
        assertFresh(got, c.resource);
        assert.deepEqual(got, results[0][1], `${how} agrees with ${results[0][0]}`);
      }
      return;
    }
    case 'sort': {
      const opts = { resourceType, schemas };
      if (c.sortOrder !== undefined) opts.sortOrder = c.sortOrder;
      const resources = c.resources;
      const texts = resources.map((r, i) => (raw === undefined ? JSON.stringify(r) : rawJsonText(raw.resources[i])));
      const inputs = { 'JSON text': texts };
      if (!lossy) {
        inputs.objects = resources;
        inputs.mixed = resources.map((r, i) => (i % 2 ? texts[i] : r));
      }
      const runs = Object.fromEntries(
        Object.entries(inputs).map(([how, input]) => [how, attempt(() => api.sort(input, c.sortBy, opts))]),
      );
      check();
      const results = settle(c, runs);
      if (!results) return;
      const orders = results.map(([how, got]) => {
        const input = inputs[how];
        assert.ok(Array.isArray(got) && got !== input, `${how}: a new array`);
        assert.equal(got.length, input.length, how);
        return permutation(got, input);
      });
      const ids = orders[0].map((i) => resources[i].id ?? null);
      if (c.expect.ids !== undefined) assert.deepEqual(ids, c.expect.ids);
      for (const [k, order] of orders.entries()) assert.deepEqual(order, orders[0], `${results[k][0]} agrees`);
      return;
    }
    default:
      throw new Error(`unknown kind ${c.kind}`);
  }
}

/** The registries the schema cases need: the base one, or it plus the documents a case loads. */
function caseRegistries(api) {
  const cache = new Map();
  return (c) => {
    if (c.load === undefined) return makeSchemas(api);
    const key = JSON.stringify(c.load);
    if (!cache.has(key)) {
      const schemas = makeSchemas(api);
      schemas.load(loadDocuments(c.load));
      cache.set(key, schemas);
    }
    return cache.get(key);
  };
}

/** Host-agnostic checks of the service provider documents (RFC 7643 §5, RFC 7644 §4). */
function registerDocumentTests(test, api, label) {
  test(`${label} documents: schemasDocument lists every schema`, () => {
    const schemas = makeSchemas(api);
    const ids = schemas.schemaIds();
    for (const [base, prefix] of [
      [undefined, ''],
      [null, ''],
      ['https://example.com/scim/v2', 'https://example.com/scim/v2'],
      ['https://example.com/scim/v2/', 'https://example.com/scim/v2'],
    ]) {
      const doc = base === undefined ? schemas.schemasDocument() : schemas.schemasDocument(base);
      assert.deepEqual(doc.schemas, [LIST_RESPONSE_URN]);
      assert.deepEqual([doc.totalResults, doc.itemsPerPage, doc.startIndex], [ids.length, ids.length, 1]);
      assert.deepEqual(
        doc.Resources.map((s) => s.id),
        ids,
      );
      for (const s of doc.Resources) {
        assert.deepEqual(s.schemas, [SCHEMA_URN]);
        assert.deepEqual(s.meta, { resourceType: 'Schema', location: `${prefix}/Schemas/${s.id}` });
        assert.ok(Array.isArray(s.attributes));
      }
    }
    const user = schemas.schemasDocument().Resources[0];
    assert.equal(user.id, 'urn:ietf:params:scim:schemas:core:2.0:User');
    assert.deepEqual(user.attributes.find((a) => a.name === 'userName'), {
      name: 'userName',
      type: 'string',
      multiValued: false,
      description: user.attributes.find((a) => a.name === 'userName').description,
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
  });

  test(`${label} documents: resourceTypesDocument lists every resource type`, () => {
    const schemas = makeSchemas(api);
    const doc = schemas.resourceTypesDocument('https://example.com/v2');
    const names = schemas.resourceTypes();
    assert.deepEqual(doc.schemas, [LIST_RESPONSE_URN]);
    assert.deepEqual([doc.totalResults, doc.itemsPerPage, doc.startIndex], [names.length, names.length, 1]);
    assert.deepEqual(
      doc.Resources.map((r) => r.name),
      names,
    );
    const [user] = doc.Resources;
    assert.deepEqual(user, {
      schemas: [RESOURCE_TYPE_URN],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: user.description,
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
      meta: { resourceType: 'ResourceType', location: 'https://example.com/v2/ResourceTypes/User' },
    });
    assert.equal(schemas.resourceTypesDocument().Resources[1].meta.location, '/ResourceTypes/Group');
  });

  test(`${label} documents: /Schemas and /ResourceTypes load back into the same registry`, () => {
    const schemas = makeSchemas(api);
    const copy = api.Schemas.empty();
    copy.load(schemas.schemasDocument());
    copy.load(JSON.stringify(schemas.resourceTypesDocument()));
    assert.deepEqual(copy.schemaIds(), schemas.schemaIds());
    assert.deepEqual(copy.resourceTypes(), schemas.resourceTypes());
    assert.deepEqual(copy.schemasDocument('https://x'), schemas.schemasDocument('https://x'));
    assert.deepEqual(copy.resourceTypesDocument(), schemas.resourceTypesDocument());
  });

  const BEARER = {
    type: 'oauthbearertoken',
    name: 'OAuth Bearer Token',
    description: 'Authentication scheme using the OAuth Bearer Token Standard',
    specUri: 'https://www.rfc-editor.org/info/rfc6750',
    primary: true,
  };

  test(`${label} documents: serviceProviderConfig`, () => {
    const none = {
      schemas: [SERVICE_PROVIDER_CONFIG_URN],
      patch: { supported: false },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: false, maxResults: 0 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [BEARER],
      meta: { resourceType: 'ServiceProviderConfig' },
    };
    assert.deepEqual(api.serviceProviderConfig(), none);
    assert.deepEqual(api.serviceProviderConfig({}), none);
    assert.deepEqual(
      api.serviceProviderConfig({
        patch: true,
        bulk: { maxOperations: 1000, maxPayloadSize: 1048576 },
        filterMaxResults: 200,
        changePassword: true,
        sort: true,
        etag: true,
        documentationUri: 'https://example.com/help/scim.html',
      }),
      {
        ...none,
        documentationUri: 'https://example.com/help/scim.html',
        patch: { supported: true },
        bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
        filter: { supported: true, maxResults: 200 },
        changePassword: { supported: true },
        sort: { supported: true },
        etag: { supported: true },
      },
    );
    // `filterMaxResults` alone turns filtering on; `false` is as good as not given.
    assert.deepEqual(api.serviceProviderConfig({ filterMaxResults: 0, patch: false }), {
      ...none,
      filter: { supported: true, maxResults: 0 },
    });
  });

  test(`${label} documents: listResponse`, () => {
    const users = [
      { id: '1', userName: 'bjensen', name: { givenName: 'Barbara' } },
      '{"id": "2", "userName": "jsmith"}',
    ];
    const page = api.listResponse(users);
    assert.deepEqual(page, {
      schemas: [LIST_RESPONSE_URN],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 2,
      Resources: [users[0], JSON.parse(users[1])],
    });
    assertFresh(page, users);
    assert.deepEqual(api.listResponse([], { totalResults: 0 }), {
      schemas: [LIST_RESPONSE_URN],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    const later = api.listResponse(users.slice(0, 1), { totalResults: 12, startIndex: 11 });
    assert.deepEqual([later.totalResults, later.startIndex, later.itemsPerPage], [12, 11, 1]);
    assert.equal(api.listResponse([], { startIndex: 0 }).startIndex, 1, 'a startIndex below 1 is 1 (RFC 7644 §3.4.2.4)');
  });
}

/**
 * Registers one `node:test` test per schema vector (`testdata/schema`), plus the document checks,
 * for a module that exports `validate`, `project`, `sort`, `serviceProviderConfig`,
 * `listResponse` and `Schemas` (with `schemasDocument` / `resourceTypesDocument`). Each case runs
 * on the objects and on their JSON text (and `sort` on a mix of both, `project` with the names as
 * one comma-separated string), which must agree; the case's own values must come through
 * unmodified; `validate` and `project` results must be new objects; and `sort` must return a new
 * array of the very values given.
 */
export function registerSchemaVectorTests(test, api, label) {
  const cases = loadCases('schema');
  // The same cases with their numbers as written, for the JSON text runs.
  const raws = new Map();
  for (const file of jsonFiles(join(TESTDATA, 'schema'))) {
    raws.set(file.split('/').pop(), parseRawJson(readFileSync(file, 'utf8')));
  }
  const seen = new Map();
  const rawCase = (file) => {
    const i = seen.get(file) ?? 0;
    seen.set(file, i + 1);
    return raws.get(file)[i];
  };
  const registry = caseRegistries(api);
  test(`${label}: schema vectors are there and well-formed`, () => {
    assert.ok(cases.length >= 400, `only ${cases.length} schema vectors`);
    const names = new Set();
    for (const { file, c } of cases) {
      assert.ok(!names.has(c.name), `${file}: duplicate case name ${c.name}`);
      names.add(c.name);
      assert.ok(['validate', 'project', 'sort'].includes(c.kind), `${file}: ${c.name}: kind ${c.kind}`);
      assert.ok((c.expect === undefined) !== (c.error === undefined), `${file}: ${c.name}: one of expect / error`);
    }
  });
  for (const { file, c } of cases) {
    const raw = rawCase(file);
    test(`${label} schema/${file}: ${c.name}`, () => {
      assert.deepEqual(JSON.parse(rawJsonText(raw)), c, 'the raw reading lines up with JSON.parse');
      runSchemaCase(api, c, registry(c), raw);
    });
  }
  registerDocumentTests(test, api, label);
}
