// The Node side of the peer comparison: scimkit's Node addon (napi, release build) and WASM
// package (nodejs target, wasm-release profile) against scim2-parse-filter, scimmy, scim-patch and
// scim-query-filter-parser, on one workload directory.
//
//     node harness_node.mjs WORKLOAD_DIR OUT.json NODE_ADDON_DIR WASM_PKG_DIR
//
// Each library gets one adapter per operation (the `parse*`, `match*`, `parseMatch*` and `patch*`
// functions below); the comment on each says what it calls and what to keep in mind when reading
// its numbers. Timing and the record format are in measure() and record(): README.md describes
// the method.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const [workload, out, addonDir, wasmDir] = process.argv.slice(2);

const scimkit = require(path.resolve(addonDir, "index.js"));
const wasm = require(path.resolve(wasmDir, "scimkit_wasm.js"));
const s2pf = require("scim2-parse-filter");
const sqfp = require("scim-query-filter-parser");
const scimPatchLib = require("scim-patch");
const { default: SCIMMY } = await import("scimmy");

const pkgVersion = (name) =>
  JSON.parse(fs.readFileSync(path.join(here, "node_modules", name, "package.json"))).version;

// ------------------------------------------------------------------------------------------------
// Timing

const MIN_REP_S = Number(process.env.PEERS_MIN_REP_S ?? 0.5);
const PASS_BUDGET_S = Number(process.env.PEERS_PASS_BUDGET_S ?? 3);
const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Time `run(state)`, one pass over a corpus of `ops` operations, with `state = prepare()` made
// before the clock starts. A warm-up pass calibrates k, the passes per repetition, so that a
// repetition lasts at least MIN_REP_S; 7 repetitions when one is under 1 s, 3 over 3 s, else 5.
async function measure(run, ops, prepare = () => null) {
  let state = prepare();
  let t0 = now();
  await run(state);
  const first = now() - t0;
  const k = Math.max(1, Math.ceil(MIN_REP_S / Math.max(first, 1e-9)));
  const rep = first * k;
  const reps = rep < 1 ? 7 : rep <= 3 ? 5 : 3;
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const states = Array.from({ length: k }, () => prepare());
    t0 = now();
    for (const s of states) await run(s);
    samples.push((k * ops) / (now() - t0));
  }
  return [k * ops, samples];
}

function record(library, version, op, unit, n, samples, extra) {
  const med = samples.length ? median(samples) : null;
  const { bytesPerOp = null, rejected = null, wrong = null, total, users = null, note = "",
    examples = [] } = extra;
  return {
    library, version, op, unit, n,
    samples_ops_per_s: samples,
    median_ops_per_s: med,
    median_mb_per_s: med && bytesPerOp ? (med * bytesPerOp) / 1e6 : null,
    rejected, wrong, total, users, note, examples,
  };
}

const example = (input, err) => ({
  input: input.length <= 160 ? input : input.slice(0, 157) + "...",
  error: `${err?.name ?? typeof err}: ${String(err?.message ?? err).slice(0, 200)}`,
});
const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(14);

// ------------------------------------------------------------------------------------------------
// Workload

const jsonl = (name) =>
  fs.readFileSync(path.join(workload, name), "utf8").split("\n").filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const filters = jsonl("filters.jsonl");
const evalFilters = jsonl("eval_filters.jsonl");
const users = JSON.parse(fs.readFileSync(path.join(workload, "users.json"), "utf8"));
const patches = jsonl("patches.jsonl");

// ------------------------------------------------------------------------------------------------
// Adapters: scimkit, Node addon (napi-rs, release build)

// new Filter(text) parses (RFC 7644 grammar, default options); the schema check happens on first
// use and is cached per (registry, resource type).
const parseScimkitNode = (text) => new scimkit.Filter(text);
// Compiled once outside the timed loop (the first `matches` compiles against the RFC 7643 User
// schema with the enterprise extension); each user is a plain object read in place through napi.
function matchScimkitNode(text) {
  const f = new scimkit.Filter(text);
  f.matches({});
  return (user) => f.matches(user);
}
function matchScimkitNodeList(text) {
  const f = new scimkit.Filter(text);
  f.matches({});
  return (list) => f.filter(list).length;
}
const parseMatchScimkitNode = (text, user) => new scimkit.Filter(text).matches(user);
// applyPatch reads the request (RFC profile), applies it against the User schema and returns a new
// object: the caller's resource is untouched, so no copy is made. Schema-aware: a write to the
// readOnly `groups` or a value of the wrong type is rejected (RFC 7644 §3.5.2).
const patchScimkitNode = (resource, request) =>
  scimkit.applyPatch(resource, request, { resourceType: "User", profile: "rfc" });

// ------------------------------------------------------------------------------------------------
// Adapters: scimkit, WASM package (wasm-bindgen, nodejs target, wasm-release profile)

// The same API. Objects live in the WASM heap until freed: a parse frees its filter explicitly
// (as code that does not wait for the FinalizationRegistry would), inside the timed region.
const parseScimkitWasm = (text) => new wasm.Filter(text).free();
function matchScimkitWasm(text) {
  const f = new wasm.Filter(text);
  f.matches({});
  return (user) => f.matches(user);
}
function matchScimkitWasmList(text) {
  const f = new wasm.Filter(text);
  f.matches({});
  return (list) => f.filter(list).length;
}
function parseMatchScimkitWasm(text, user) {
  const f = new wasm.Filter(text);
  const m = f.matches(user);
  f.free();
  return m;
}
const patchScimkitWasm = (resource, request) =>
  wasm.applyPatch(resource, request, { resourceType: "User", profile: "rfc" });

// ------------------------------------------------------------------------------------------------
// Adapters: scim2-parse-filter (hand-written tokenizer + recursive descent; `filter(ast)` gives a
// predicate over plain objects)

const parseS2pf = (text) => s2pf.parse(text);
// Caveat: its comparisons are JavaScript `===` / `<` on the raw values, case-sensitive
// everywhere, where RFC 7643 makes userName, emails.value, title... caseExact=false; dateTimes are
// compared as strings. Attribute names are matched case-insensitively.
function matchS2pf(text) {
  return s2pf.filter(s2pf.parse(text));
}
const parseMatchS2pf = (text, user) => s2pf.filter(s2pf.parse(text))(user);

// ------------------------------------------------------------------------------------------------
// Adapters: scim-query-filter-parser (apg-lib ABNF parser; compiles to a predicate)

// compileFilter(text) is its only entry point: parse and compile in one, so "parse" includes
// building the closures. Caveats: its grammar takes the whole `urn:...:User:attr` as one URI, so
// extension attributes fail to parse; `a and b and c` is compiled as (a and b) or (b and c); `eq`
// on strings uses localeCompare with sensitivity "base" (case- and accent-insensitive everywhere).
const parseSqfp = (text) => sqfp.compileFilter(text);
const matchSqfp = (text) => sqfp.compileFilter(text);
const parseMatchSqfp = (text, user) => sqfp.compileFilter(text)(user);

// ------------------------------------------------------------------------------------------------
// Adapters: scimmy (SCIMMY.Types.Filter, SCIMMY.Messages.PatchOp; User + EnterpriseUser declared)

SCIMMY.Resources.declare(SCIMMY.Resources.User).extend(SCIMMY.Schemas.EnterpriseUser, false);
const parseScimmy = (text) => new SCIMMY.Types.Filter(text);
// Filter.match(values) takes an array and returns the matching subset, so a pass is one call per
// filter over the user list (whole-list, like scimkit's filter()). Caveat: comparisons are `===`
// and String.includes/startsWith, case-sensitive, schema-unaware.
function matchScimmy(text) {
  const f = new SCIMMY.Types.Filter(text);
  return (list) => f.match(list).length;
}
const parseMatchScimmy = (text, user) => new SCIMMY.Types.Filter(text).match([user]).length > 0;
// new PatchOp(request).apply(instance) on a SCIMMY.Schemas.User instance (built from the user
// outside the clock; apply copies it itself and never mutates it). apply is async: each request
// is awaited, which adds a microtask turn per request. Schema-aware (its own coercion rules).
async function patchScimmy(instance, request) {
  return await new SCIMMY.Messages.PatchOp(request).apply(instance);
}

// ------------------------------------------------------------------------------------------------
// Adapters: scim-patch (schema-unaware; mutates the resource it is given)

// patchBodyValidation(request) then scimPatch(copy, request.Operations); the copy (structuredClone)
// is made before the clock starts.
function patchScimPatch(copy, request) {
  scimPatchLib.patchBodyValidation(request);
  return scimPatchLib.scimPatch(copy, request.Operations);
}

// ------------------------------------------------------------------------------------------------
// The operations

const records = [];
const bytes = (t) => Buffer.byteLength(t, "utf8");

async function runParse(name, version, fn, note = "") {
  const texts = filters.map((f) => f.filter);
  let rejected = 0;
  const examples = [];
  const accepted = [];
  for (const t of texts) {
    try {
      fn(t);
      accepted.push(t);
    } catch (e) {
      rejected++;
      if (examples.length < 5) examples.push(example(t, e));
    }
  }
  const accBytes = accepted.reduce((a, t) => a + bytes(t), 0);
  const [n, samples] = await measure(() => {
    for (const t of accepted) fn(t);
  }, accepted.length);
  if (rejected) note = `${note ? note + " " : ""}timed over the ${accepted.length} accepted filters.`;
  records.push(record(name, version, "parse", "filters", n, samples, {
    bytesPerOp: accBytes / Math.max(1, accepted.length), rejected, total: texts.length, note,
    examples,
  }));
  console.log(`  parse  ${name.padEnd(36)} ${fmt(median(samples))} filters/s  rejected ${rejected}/${texts.length}`);
}

function chooseUsers(perUserS, total) {
  if (perUserS * total <= PASS_BUDGET_S) return total;
  const fit = PASS_BUDGET_S / perUserS;
  for (const n of [10000, 5000, 2000, 1000, 500, 200, 100, 50]) if (n <= fit && n < total) return n;
  return Math.min(50, total);
}

// Reference match counts: scimkit (the Node addon) on the same users.
const referenceCounts = (subset) =>
  evalFilters.map((f) => new scimkit.Filter(f.filter).filter(subset).length);

// `make(text)` compiles a filter (untimed) into a predicate over one user, or with wholeList into
// a function counting the matches in a list.
async function runMatch(name, version, make, { allUsers = false, wholeList = false, note = "" } = {}) {
  const preds = [];
  let rejected = 0;
  const examples = [];
  for (const f of evalFilters) {
    try {
      preds.push([f, make(f.filter)]);
    } catch (e) {
      rejected++;
      if (examples.length < 5) examples.push(example(f.filter, e));
    }
  }
  const probe = users.slice(0, Math.min(50, users.length));
  let t0 = now();
  for (const [, p] of preds) {
    try {
      if (wholeList) p(probe);
      else for (const u of probe) p(u);
    } catch { /* counted below */ }
  }
  const perUser = (now() - t0) / Math.max(1, probe.length);
  const nUsers = allUsers ? users.length : chooseUsers(perUser, users.length);
  const subset = users.slice(0, nUsers);
  const ref = referenceCounts(subset);
  const counts = new Map();
  let errors = 0;
  for (const [f, p] of preds) {
    try {
      counts.set(f.filter, wholeList ? p(subset) : subset.reduce((a, u) => a + (p(u) ? 1 : 0), 0));
    } catch (e) {
      errors++;
      if (examples.length < 5) examples.push(example(f.filter, e));
    }
  }
  let wrong = 0;
  evalFilters.forEach((f, i) => {
    if (counts.has(f.filter) && counts.get(f.filter) !== ref[i]) {
      wrong++;
      if (examples.length < 10)
        examples.push({ input: f.filter.slice(0, 160), error: `${counts.get(f.filter)} matches, scimkit ${ref[i]}` });
    }
  });
  const ok = preds.filter(([f]) => counts.has(f.filter)).map(([, p]) => p);
  const run = wholeList
    ? () => { for (const p of ok) p(subset); }
    : () => { for (const p of ok) for (let i = 0; i < subset.length; i++) p(subset[i]); };
  const [n, samples] = await measure(run, ok.length * subset.length);
  records.push(record(name, version, "match", "matches", n, samples, {
    rejected: rejected + errors, wrong, total: evalFilters.length, users: nUsers, note, examples,
  }));
  console.log(`  match  ${name.padEnd(36)} ${fmt(median(samples))} matches/s  users ${nUsers}  rejected ${rejected + errors}  wrong ${wrong}`);
}

// Per (filter, user) pair: parse, compile and evaluate against that one user. A filter is kept
// when the library handles it for every user of the subset (rejected otherwise).
async function runParseMatch(name, version, fn, note = "") {
  const works = (t, list) => {
    try {
      for (const u of list) fn(t, u);
      return true;
    } catch {
      return false;
    }
  };
  const probe = users.slice(0, 10);
  let texts = evalFilters.map((f) => f.filter).filter((t) => works(t, probe));
  let t0 = now();
  for (const t of texts) for (const u of probe) fn(t, u);
  const perUser = (now() - t0) / probe.length;
  const nUsers = Math.min(chooseUsers(perUser, users.length), 1000);
  const subset = users.slice(0, nUsers);
  texts = texts.filter((t) => works(t, subset));
  const [n, samples] = await measure(() => {
    for (const t of texts) for (const u of subset) fn(t, u);
  }, texts.length * subset.length);
  const rejected = evalFilters.length - texts.length;
  if (rejected) note = `${note ? note + " " : ""}timed over the ${texts.length} filters it handles.`;
  records.push(record(name, version, "parse+match", "matches", n, samples, {
    rejected, total: evalFilters.length, users: nUsers, note,
  }));
  console.log(`  p+m    ${name.padEnd(36)} ${fmt(median(samples))} pairs/s    users ${nUsers}  rejected ${rejected}`);
}

// `prepare(user)` makes what a request is applied to (untimed); `fn(obj, request)` applies one.
async function runPatch(name, version, fn, { prepare, schemaAware, note = "" }) {
  let rejected = 0;
  const examples = [];
  const accepted = [];
  for (const p of patches) {
    try {
      await fn(prepare(users[p.resource]), p.request);
      accepted.push(p);
    } catch (e) {
      rejected++;
      if (examples.length < 5) examples.push(example(JSON.stringify(p.request.Operations), e));
    }
  }
  const [n, samples] = await measure(async (objs) => {
    for (let i = 0; i < accepted.length; i++) await fn(objs[i], accepted[i].request);
  }, accepted.length, () => accepted.map((p) => prepare(users[p.resource])));
  if (rejected) {
    const how = schemaAware ? "rejections include legitimate schema refusals (see examples)"
      : "each rejection is a library limitation";
    note = `${note ? note + " " : ""}timed over the ${accepted.length} accepted requests; ${how}.`;
  }
  records.push(record(name, version, "patch", "patches", n, samples, {
    rejected, total: patches.length, note, examples,
  }));
  console.log(`  patch  ${name.padEnd(36)} ${fmt(median(samples))} patches/s  rejected ${rejected}/${patches.length}`);
}

// ------------------------------------------------------------------------------------------------

const only = new Set((process.env.PEERS_ONLY ?? "").split(",").filter(Boolean));
const want = (op) => only.size === 0 || only.has(op);
const skVersion = JSON.parse(fs.readFileSync(path.join(here, "../../bindings/node/package.json"))).version;
const NODE = ["scimkit (Node)", skVersion];
const WASM = ["scimkit (WASM)", skVersion];
const S2PF = ["scim2-parse-filter", pkgVersion("scim2-parse-filter")];
const SQFP = ["scim-query-filter-parser", pkgVersion("scim-query-filter-parser")];
const SCIMMY_ = ["scimmy", pkgVersion("scimmy")];
const SCIMPATCH = ["scim-patch", pkgVersion("scim-patch")];

console.log(`node: ${filters.length} filters, ${evalFilters.length} eval filters, ${users.length} users, ${patches.length} patches`);

if (want("parse")) {
  await runParse(...NODE, parseScimkitNode);
  await runParse(...WASM, parseScimkitWasm, "new Filter(text).free().");
  await runParse(...S2PF, parseS2pf);
  await runParse(...SCIMMY_, parseScimmy, "new SCIMMY.Types.Filter(text).");
  await runParse(...SQFP, parseSqfp, "compileFilter(text): parse and compile (no parse-only API).");
}
if (want("match")) {
  await runMatch(...NODE, matchScimkitNode, { allUsers: true, note: "f.matches(object) per user." });
  await runMatch(NODE[0] + " filter()", NODE[1], matchScimkitNodeList,
    { allUsers: true, wholeList: true, note: "f.filter(users).length: one call per filter." });
  await runMatch(...WASM, matchScimkitWasm, { allUsers: true, note: "f.matches(object) per user." });
  await runMatch(WASM[0] + " filter()", WASM[1], matchScimkitWasmList,
    { allUsers: true, wholeList: true, note: "f.filter(users).length: one call per filter." });
  await runMatch(...S2PF, matchS2pf, { note: "filter(parse(text)) predicate per user." });
  await runMatch(...SQFP, matchSqfp, { note: "compileFilter(text) predicate per user." });
  await runMatch(...SCIMMY_, matchScimmy,
    { wholeList: true, note: "new Filter(text).match(users): whole list per call." });
}
if (want("parse+match")) {
  await runParseMatch(...NODE, parseMatchScimkitNode, "new Filter(text).matches(user) per pair.");
  await runParseMatch(...WASM, parseMatchScimkitWasm, "new Filter(text), .matches(user), .free() per pair.");
  await runParseMatch(...S2PF, parseMatchS2pf, "filter(parse(text))(user) per pair.");
  await runParseMatch(...SQFP, parseMatchSqfp, "compileFilter(text)(user) per pair.");
  await runParseMatch(...SCIMMY_, parseMatchScimmy, "new Filter(text).match([user]) per pair.");
}
if (want("patch")) {
  await runPatch(...NODE, patchScimkitNode, { prepare: (u) => u, schemaAware: true,
    note: "applyPatch(user, request, {resourceType: 'User', profile: 'rfc'}): a new object, the input untouched, so no copy." });
  await runPatch(...WASM, patchScimkitWasm, { prepare: (u) => u, schemaAware: true,
    note: "applyPatch(user, request, {...}) as for Node." });
  await runPatch(...SCIMPATCH, patchScimPatch, { prepare: (u) => structuredClone(u), schemaAware: false,
    note: "patchBodyValidation + scimPatch(copy, Operations); structuredClone copy outside the clock." });
  await runPatch(...SCIMMY_, patchScimmy, { prepare: (u) => new SCIMMY.Schemas.User(structuredClone(u)), schemaAware: true,
    note: "await new PatchOp(request).apply(new Schemas.User(user)); the instance is built outside the clock." });
}

// WASM size: the .wasm this run loaded, raw and gzipped (level 9).
const wasmBytes = fs.readFileSync(path.join(wasmDir, "scimkit_wasm_bg.wasm"));
const wasmSize = { bytes: wasmBytes.length, gzip_bytes: zlib.gzipSync(wasmBytes, { level: 9 }).length };
console.log(`  wasm   ${wasmSize.bytes} bytes, ${wasmSize.gzip_bytes} gzipped`);

const cpu = os.cpus()[0]?.model ?? null;
fs.writeFileSync(out, JSON.stringify({
  host: "node",
  machine: { cpu, cores: os.cpus().length, node: process.version, v8: process.versions.v8, platform: `${os.platform()} ${os.release()}` },
  wasm_size: wasmSize,
  records,
}, null, 1));
