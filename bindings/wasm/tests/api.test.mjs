// The JavaScript API of bindings/README.md, against the Node build (pkg/node).
import assert from 'node:assert/strict';
import test from 'node:test';

import { Filter, PatchPath, Schemas } from './api.mjs';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The error `fn` throws (fails when it returns). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an exception');
}

const bjensen = {
  id: 'u1',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [{ type: 'work', value: 'bjensen@example.com', primary: true }],
  nickName: '😀 Babs',
  active: true,
};
const jsmith = { id: 'u2', userName: 'jsmith', emails: [{ type: 'home', value: 'js@example.org' }] };

test('a filter prints canonically and keeps its text', () => {
  const text = 'userName Eq "bjensen" AND emails[type eq "work"]';
  const f = new Filter(text);
  assert.equal(String(f), 'userName eq "bjensen" and emails[type eq "work"]');
  assert.equal(f.toString(), String(f));
  assert.equal(`${f}`, String(f));
  assert.equal(f.text, text);
});

test('ast() is the JSON form of the tree, spans in UTF-16 units like error spans', () => {
  // "ü" is two bytes of UTF-8 but one UTF-16 unit: spans are JavaScript string indices.
  const text = 'nickName eq "ü" and title pr';
  const f = new Filter(text);
  assert.deepEqual(f.ast(), {
    op: 'and',
    operands: [
      { op: 'eq', path: { name: 'nickName', span: [0, 8] }, value: 'ü', span: [0, 15] },
      { op: 'pr', path: { name: 'title', span: [20, 25] }, span: [20, 28] },
    ],
    span: [0, 28],
  });
  assert.equal(text.slice(20, 28), 'title pr');
  assert.deepEqual(new PatchPath('members[display eq "🦊"].value').ast().span, [0, 30]);
  const ext = new Filter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq 1.5');
  const node = ext.ast();
  assert.equal(node.path.uri, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
  assert.equal(node.path.name, 'manager');
  assert.equal(node.path.subAttr, 'value');
  assert.equal(node.value, 1.5);
  assert.deepEqual(new Filter('not (emails[value sw "a"])').ast().operand.op, 'valuePath');
});

test('parse options: strict and the switches that override it', () => {
  assert.throws(() => new Filter('userName  eq "x"', { strict: true }), { name: 'ScimError' });
  assert.equal(String(new Filter('userName  eq "x"', { strict: true, lenientWhitespace: true })), 'userName eq "x"');
  assert.equal(String(new Filter('userName  eq "x"')), 'userName eq "x"');
  assert.throws(() => new Filter('emails[type eq "work"].value eq "x"', { valuePathSubAttr: false }));
  assert.equal(
    String(new Filter('emails[type eq "work"].value eq "x"')),
    'emails[type eq "work" and value eq "x"]',
  );
  assert.throws(() => new Filter('members.$ref pr', { dollarNames: false }));
  const deep = thrown(() => new Filter('((a pr))', { maxDepth: 1 }));
  assert.deepEqual([deep.start, deep.end], [1, 2]);
  const long = thrown(() => new Filter('userName eq "x"', { maxLength: 5 }));
  assert.deepEqual([long.start, long.end], [5, 15]);
  // undefined members and null or undefined options are "not given".
  assert.equal(String(new Filter('a pr', { strict: undefined, maxDepth: undefined })), 'a pr');
  assert.equal(String(new Filter('a pr', null)), 'a pr');
  assert.equal(String(new Filter('a pr', undefined)), 'a pr');
  // maxDepth is at least 1 and at most 200.
  assert.equal(String(new Filter('(a pr)', { maxDepth: 0 })), 'a pr');
  assert.equal(String(new Filter('a pr', { maxDepth: 1e9 })), 'a pr');
});

test('a ScimError has every field of bindings/README.md', () => {
  const e = thrown(() => new Filter('userName equals "bjensen"'));
  assert.ok(e instanceof Error);
  assert.ok(!(e instanceof TypeError));
  assert.equal(e.name, 'ScimError');
  assert.equal(e.scimType, 'invalidFilter');
  assert.equal(e.status, 400);
  assert.equal(e.detail, 'expected a comparison operator such as `eq`, found `equals`');
  assert.equal(e.message, e.detail);
  assert.deepEqual([e.start, e.end], [9, 15]);
  assert.equal(
    e.rendered,
    'invalidFilter: expected a comparison operator such as `eq`, found `equals`\n' +
      '  |\n1 | userName equals "bjensen"\n  |          ^^^^^^\n',
  );
  assert.deepEqual(e.document, {
    schemas: [ERROR_URN],
    scimType: 'invalidFilter',
    detail: e.detail,
    status: '400',
  });
  assert.match(String(e), /^ScimError: expected a comparison operator/);
});

test('spans are UTF-16 code units: they slice the JavaScript string', () => {
  // 😀 is 4 UTF-8 bytes and 2 UTF-16 code units; é is 2 bytes and 1 unit.
  const text = 'nickName eq "😀é😀" and usrName pr';
  const compile = thrown(() => new Filter(text).matches({}));
  assert.equal(compile.scimType, 'invalidFilter');
  assert.equal(text.slice(compile.start, compile.end), 'usrName');
  assert.deepEqual([compile.start, compile.end], [24, 31]);

  const parse = thrown(() => new Filter('title eq "x" or 😀 pr'));
  assert.equal(parse.detail, 'expected an attribute path, `(` or `not (`, found `😀`');
  assert.deepEqual([parse.start, parse.end], [16, 18]);

  const atEnd = 'nickName eq "😀" and';
  const end = thrown(() => new Filter(atEnd));
  assert.deepEqual([end.start, end.end], [20, 20], 'the empty span at the end');
  assert.equal(end.end, atEnd.length);

  // A PATCH path error, after a non-BMP character in a string.
  const path = thrown(() => new PatchPath('emails[value eq "𝒳"] x'));
  assert.equal(path.scimType, 'invalidPath');
  assert.equal('emails[value eq "𝒳"] x'.slice(path.start, path.end), 'x');
});

test('errors without a span or a scimType', () => {
  const e = thrown(() => new Filter('userName pr').matches({}, { resourceType: 'Widget' }));
  assert.equal(e.name, 'ScimError');
  assert.equal(e.scimType, null);
  assert.equal(e.status, 400);
  assert.equal(e.start, null);
  assert.equal(e.end, null);
  assert.match(e.detail, /unknown resource type `Widget`/);
  assert.deepEqual(Object.keys(e.document).sort(), ['detail', 'schemas', 'status']);
  assert.match(e.rendered, /^error 400: unknown resource type/);
});

test('wrong argument types throw TypeError', () => {
  const f = new Filter('userName eq "bjensen"');
  const cases = [
    () => new Filter(),
    () => new Filter(42),
    () => new Filter({ toString: () => 'a pr' }),
    () => new Filter('a pr', 'strict'),
    () => new Filter('a pr', { strict: 'yes' }),
    () => new Filter('a pr', { maxDepth: '3' }),
    () => new PatchPath(null),
    () => new PatchPath('members', 1),
    () => f.matches(),
    () => f.matches(42),
    () => f.matches(null),
    () => f.matches({}, 'User'),
    () => f.matches({}, { resourceType: 5 }),
    () => f.matches({}, { schemas: {} }),
    () => f.matches({}, { schemas: 'Schemas' }),
    () => f.matches({}, { schemas: new Filter('a pr') }),
    () => f.filter({ length: 0 }),
    () => f.filter('[]'),
    () => f.filter([bjensen, 7]),
    () => new Schemas().load(42),
    () => new Schemas().load(),
  ];
  for (const fn of cases) {
    const e = thrown(fn);
    assert.ok(e instanceof TypeError, `${fn}: ${e}`);
    assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
  }
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => new Schemas().load(cyclic), TypeError);
  // Numbers of the right type but out of range.
  assert.throws(() => new Filter('a pr', { maxDepth: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => new Filter('a pr', { maxLength: 1.5 }), RangeError);
  assert.throws(() => new Filter('a pr', { maxLength: Infinity }), RangeError);
});

test('TypeError messages name the argument and what it was (as the Node addon does)', () => {
  const f = new Filter('userName pr');
  const message = (fn) => thrown(fn).message;
  assert.equal(message(() => new Filter()), 'text must be a string, not undefined');
  assert.equal(message(() => new Filter('a pr', [])), 'options must be an object, not an array');
  assert.equal(message(() => new Filter('a pr', { strict: null })), 'options.strict must be a boolean, not null');
  assert.equal(message(() => new Filter('a pr', { maxDepth: '3' })), 'options.maxDepth must be a number, not a string');
  assert.equal(
    message(() => new Filter('a pr', { maxDepth: -1 })),
    'options.maxDepth must be a non-negative safe integer, not -1',
  );
  assert.equal(
    message(() => new Filter('a pr', { stritc: true })),
    'unknown option `stritc`; the options are strict, lenientWhitespace, valuePathSubAttr, dollarNames, maxDepth, maxLength',
  );
  assert.equal(message(() => f.matches([bjensen])), 'resource must be an object or a JSON string, not an array');
  assert.equal(message(() => f.matches(null)), 'resource must be an object or a JSON string, not null');
  assert.equal(message(() => f.filter([bjensen, 7])), 'resources[1] must be an object or a JSON string, not a number');
  assert.equal(message(() => f.filter({})), 'resources must be an array, not an object');
  assert.equal(
    message(() => f.matches({}, { resourceType: 5 })),
    'options.resourceType must be a string or null, not a number',
  );
  assert.equal(
    message(() => f.matches({}, { schemas: {} })),
    'options.schemas must be a Schemas instance, not an object',
  );
  assert.equal(
    message(() => f.matches({}, { schemas: Object.create(Schemas.prototype) })),
    'options.schemas must be a Schemas instance, not an object',
  );
  assert.equal(message(() => f.matches({}, { resourcetype: 'User' })).startsWith('unknown option `resourcetype`'), true);
  assert.equal(
    message(() => new Schemas().load(42)),
    'doc must be an object, an array or a JSON string, not a number',
  );
  assert.equal(
    message(() => new Schemas().load({ toJSON: () => undefined })),
    'doc has no JSON form (JSON.stringify gave undefined)',
  );
});

test('a number out of range is written as Rust writes it, as in the Node addon', () => {
  // The module formats it from JavaScript's digits rather than carry Rust's float printing; the
  // expected texts are what Rust's `{}` prints for each (the Node addon's messages).
  const cases = [
    [1.5, '1.5'],
    [-1, '-1'],
    [-0.25, '-0.25'],
    [2 ** 60, '1152921504606847000'],
    [2 ** 70, '1180591620717411300000'],
    [1e21, '1000000000000000000000'],
    [-1.5e-10, '-0.00000000015'],
    [1e-7, '0.0000001'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    [0.1 + 0.2, '0.30000000000000004'],
    [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
    [NaN, 'NaN'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ];
  for (const [n, text] of cases) {
    const e = thrown(() => new Filter('a pr', { maxDepth: n }));
    assert.ok(e instanceof RangeError);
    assert.equal(e.message, `options.maxDepth must be a non-negative safe integer, not ${text}`);
  }
});

test('an exception thrown while reading a resource reaches the caller; the filter stays usable', () => {
  const f = new Filter('userName eq "bjensen"');
  const boom = new RangeError('boom');
  const proxy = new Proxy({ userName: 'bjensen' }, {
    get() {
      throw boom;
    },
  });
  assert.equal(thrown(() => f.matches(proxy)), boom);
  const getter = {
    get userName() {
      throw boom;
    },
  };
  assert.equal(thrown(() => f.filter([bjensen, getter])), boom);
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  assert.throws(() => f.matches(revoked.proxy), TypeError);
  assert.equal(f.matches(bjensen), true);
  // JavaScript run by `load` (toJSON) may use the registry being loaded.
  const schemas = Schemas.empty();
  schemas.load({
    toJSON() {
      assert.deepEqual(schemas.schemaIds(), []);
      return SHOE_SCHEMA;
    },
  });
  assert.deepEqual(schemas.schemaIds(), ['urn:example:Shoe']);
});

test('matches and filter: objects read in place, default resource type User', () => {
  const f = new Filter('emails[type eq "work" and value ew "@EXAMPLE.com"]');
  assert.equal(f.matches(bjensen), true);
  assert.equal(f.matches(jsmith), false);
  assert.equal(f.matches(bjensen, {}), true);
  assert.equal(f.matches(bjensen, { resourceType: 'User' }), true);
  assert.equal(f.matches(bjensen, { resourceType: 'user', schemas: new Schemas() }), true);
  const users = [jsmith, bjensen, { ...bjensen, id: 'u3' }];
  const out = f.filter(users);
  assert.equal(out.length, 2);
  assert.equal(out[0], users[1], 'the very objects given');
  assert.equal(out[1], users[2]);
  assert.deepEqual(f.filter([]), []);
  // A compile error is thrown even when there is nothing to filter.
  assert.throws(() => new Filter('usrName pr').filter([]), { scimType: 'invalidFilter' });
});

test('only the attributes the filter names are read, and only own properties', () => {
  const seen = new Set();
  const target = { userName: 'bjensen', title: 'Boss' };
  for (let i = 0; i < 100; i++) target[`x${i}`] = i;
  const proxy = new Proxy(target, {
    get(t, k, r) {
      seen.add(`get ${String(k)}`);
      return Reflect.get(t, k, r);
    },
    ownKeys(t) {
      seen.add('ownKeys');
      return Reflect.ownKeys(t);
    },
  });
  assert.equal(new Filter('userName eq "BJENSEN"').matches(proxy), true);
  assert.deepEqual([...seen], ['get userName']);

  // Member names are case-insensitive (RFC 7643 §2.1): a miss scans the keys.
  assert.equal(new Filter('USERNAME eq "bjensen"').matches({ userName: 'bjensen' }), true);
  // Inherited properties are not members.
  const schemaless = { resourceType: null };
  assert.equal(new Filter('constructor pr or toString pr').matches({}, schemaless), false);
  class Person {
    constructor() {
      this.userName = 'bjensen';
    }
    get title() {
      return 'from the prototype';
    }
  }
  assert.equal(new Filter('userName eq "bjensen" and not (title pr)').matches(new Person()), true);
  // undefined is null (unassigned, RFC 7643 §2.5).
  assert.equal(new Filter('title pr').matches({ title: undefined }), false);
  assert.equal(new Filter('title eq null').matches({ title: undefined }), true);
  // A typed array is not JSON either.
  assert.equal(new Filter('a pr').matches({ a: new Uint8Array(2) }, schemaless), true);
  // Arrays behind a Proxy (Vue, MobX, Immer) are arrays.
  assert.equal(new Filter('emails[type eq "work"]').matches({ emails: new Proxy([{ type: 'work' }], {}) }), true);
  // A Date is not JSON: never equal to anything, but present.
  const dated = { meta: { created: new Date('2020-01-01T00:00:00Z') } };
  assert.equal(new Filter('meta.created pr').matches(dated), true);
  assert.equal(new Filter('meta.created eq "2020-01-01T00:00:00Z"').matches(dated), false);
});

test('resources as JSON text are parsed by the engine', () => {
  const f = new Filter('userName eq "bjensen"');
  const text = JSON.stringify(bjensen);
  assert.equal(f.matches(text), true);
  assert.equal(f.matches(JSON.stringify(jsmith)), false);
  const texts = [JSON.stringify(jsmith), text];
  const out = f.filter(texts);
  assert.deepEqual(out, [text]);
  assert.equal(out[0], texts[1]);
  // Objects and text can be mixed.
  assert.deepEqual(f.filter([bjensen, text, jsmith]), [bjensen, text]);
  const bad = thrown(() => f.matches('{"userName": "bjensen"'));
  assert.equal(bad.name, 'ScimError');
  assert.equal(bad.scimType, 'invalidSyntax');
  assert.equal(bad.status, 400);
  assert.match(bad.detail, /JSON/);
});

test('schema-less evaluation with resourceType null', () => {
  const f = new Filter('shoe.size gt 40 and colour eq "RED"');
  assert.throws(() => f.matches({}), { scimType: 'invalidFilter' });
  const opts = { resourceType: null };
  assert.equal(f.matches({ shoe: { size: 44 }, colour: 'red' }, opts), true);
  assert.equal(f.matches({ shoe: { size: 39 }, colour: 'red' }, opts), false);
  assert.equal(f.matches('{"SHOE": {"Size": 41}, "colour": "Red"}', opts), true);
  // The registry does not matter schema-less.
  assert.equal(f.matches({ shoe: { size: 44 }, colour: 'red' }, { ...opts, schemas: Schemas.empty() }), true);
});

const SHOE_SCHEMA = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
  id: 'urn:example:Shoe',
  name: 'Shoe',
  attributes: [
    { name: 'size', type: 'integer' },
    { name: 'model', type: 'string', caseExact: true },
  ],
};
const SHOE_TYPE = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
  id: 'Shoe',
  name: 'Shoe',
  endpoint: '/Shoes',
  schema: 'urn:example:Shoe',
};

test('Schemas: the RFC 7643 registry, empty, resourceTypes, schemaIds', () => {
  const s = new Schemas();
  assert.deepEqual(s.resourceTypes(), ['User', 'Group']);
  assert.deepEqual(s.schemaIds(), [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:core:2.0:Group',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    // RFC 7643 §8.7.2: the service provider's own schemas.
    'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
    'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
    'urn:ietf:params:scim:schemas:core:2.0:Schema',
  ]);
  const empty = Schemas.empty();
  assert.deepEqual(empty.resourceTypes(), []);
  assert.deepEqual(empty.schemaIds(), []);
  assert.throws(() => new Filter('id pr').matches({}, { schemas: empty }), { scimType: null, status: 400 });
  // Passing a registry does not use it up.
  const f = new Filter('id pr');
  assert.equal(f.matches({ id: '1' }, { schemas: s }), true);
  assert.equal(f.matches({ id: '1' }, { schemas: s }), true);
  assert.deepEqual(s.resourceTypes(), ['User', 'Group']);
});

test('Schemas.load: objects, arrays, ListResponse and JSON text; all or nothing', () => {
  const a = new Schemas();
  a.load(SHOE_SCHEMA);
  a.load(SHOE_TYPE);
  assert.deepEqual(a.resourceTypes(), ['User', 'Group', 'Shoe']);

  const b = Schemas.empty();
  b.load(JSON.stringify([SHOE_TYPE, SHOE_SCHEMA]));
  assert.deepEqual(b.resourceTypes(), ['Shoe']);
  assert.deepEqual(b.schemaIds(), ['urn:example:Shoe']);

  const c = Schemas.empty();
  c.load({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: 2,
    Resources: [SHOE_SCHEMA, SHOE_TYPE],
  });
  assert.deepEqual(c.resourceTypes(), ['Shoe']);

  // A bad document among good ones changes nothing.
  const d = Schemas.empty();
  const broken = { ...SHOE_SCHEMA, id: 'urn:example:Broken', attributes: [{ name: 'x', type: 'strng' }] };
  const e = thrown(() => d.load([SHOE_SCHEMA, SHOE_TYPE, broken]));
  assert.equal(e.name, 'ScimError');
  assert.equal(e.scimType, null);
  assert.equal(e.status, 500);
  assert.match(e.detail, /unknown type "strng"/);
  assert.deepEqual(d.resourceTypes(), []);
  assert.deepEqual(d.schemaIds(), []);
  assert.throws(() => d.load('{"schemas": '), { name: 'ScimError', status: 500 });
});

test('a filter is recompiled after Schemas.load: no stale compilation', () => {
  const schemas = new Schemas();
  const f = new Filter('size gt 40 and model eq "Air"');
  assert.throws(() => f.matches({}, { resourceType: 'Shoe', schemas }), /unknown resource type/);
  schemas.load([SHOE_SCHEMA, SHOE_TYPE]);
  const opts = { resourceType: 'Shoe', schemas };
  assert.equal(f.matches({ size: 44, model: 'Air' }, opts), true);
  assert.equal(f.matches({ size: 44, model: 'AIR' }, opts), false, 'model is caseExact');
  // Replace the schema: model is no longer caseExact, and the same Filter sees it.
  schemas.load({ ...SHOE_SCHEMA, attributes: [SHOE_SCHEMA.attributes[0], { name: 'model', type: 'string' }] });
  assert.equal(f.matches({ size: 44, model: 'AIR' }, opts), true);
  // Replace it again without `size`: now the filter does not compile.
  schemas.load({ ...SHOE_SCHEMA, attributes: [{ name: 'model', type: 'string' }] });
  const e = thrown(() => f.matches({ size: 44, model: 'Air' }, opts));
  assert.equal(e.scimType, 'invalidFilter');
  assert.equal(f.text.slice(e.start, e.end), 'size');
  // Another registry with the old definitions still works with the same Filter.
  const other = Schemas.empty();
  other.load([SHOE_SCHEMA, SHOE_TYPE]);
  assert.equal(f.matches({ size: 44, model: 'Air' }, { resourceType: 'Shoe', schemas: other }), true);
});

test('PatchPath: canonical form, ast, options, invalidPath errors', () => {
  const p = new PatchPath('members[value EQ "2819c223"].displayName');
  assert.equal(String(p), 'members[value eq "2819c223"].displayName');
  assert.equal(p.toString(), String(p));
  assert.deepEqual(p.ast(), {
    path: { name: 'members', span: [0, 7] },
    filter: { op: 'eq', path: { name: 'value', span: [8, 13] }, value: '2819c223', span: [8, 27] },
    subAttr: 'displayName',
    span: [0, 40],
  });
  assert.equal(String(new PatchPath('members.$ref')), 'members.$ref');
  const strict = thrown(() => new PatchPath('members.$ref', { strict: true }));
  assert.equal(strict.scimType, 'invalidPath');
  assert.deepEqual([strict.start, strict.end], [8, 12]);
  const e = thrown(() => new PatchPath('members[value eq "x"'));
  assert.equal(e.name, 'ScimError');
  assert.equal(e.scimType, 'invalidPath');
  assert.equal(e.document.scimType, 'invalidPath');
  assert.deepEqual([e.start, e.end], [7, 8]);
});
