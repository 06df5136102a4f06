// The Node API beyond the shared vectors: options, input forms, errors, schemas, the compile
// cache, in-place evaluation and hostile input. The contract is bindings/README.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { TESTDATA } from '../../js-test/vectors.mjs';

const { Filter, PatchPath, PatchRequest, PROFILES, Schemas, applyPatch } = createRequire(import.meta.url)('../index.js');

const readJson = (...parts) => JSON.parse(readFileSync(join(TESTDATA, ...parts), 'utf8'));
const USERS = readJson('fixtures', 'users.json');
const WIDGET_SCHEMA = readJson('fixtures', 'schemas', 'widget-schema.json');
const WIDGET_TYPE = readJson('fixtures', 'schemas', 'widget-resource-type.json');
const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

const BJENSEN = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '2819c223',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { type: 'work', value: 'bjensen@example.com', primary: true },
    { type: 'home', value: 'babs@jensen.org' },
  ],
  active: true,
};

/** Asserts that `fn` throws a ScimError with the given fields; returns it. */
function throwsScim(fn, fields) {
  let caught;
  assert.throws(fn, (err) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof Error, 'an Error');
  assert.equal(caught.name, 'ScimError', caught.stack);
  for (const [k, v] of Object.entries(fields)) assert.deepEqual(caught[k], v, `${k}: ${caught.message}`);
  return caught;
}

/** Asserts that `fn` throws a TypeError whose message matches `re`. */
function throwsType(fn, re) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof TypeError, `a TypeError: ${err && err.stack}`);
    assert.equal(err.code, 'ERR_INVALID_ARG_TYPE');
    if (re) assert.match(err.message, re);
    return true;
  });
}

/** A schema and resource type `Shoe` with `shoeSize` (integer) and `brand` (caseExact as given). */
function shoeDocs({ brandCaseExact = false, sizeType = 'integer' } = {}) {
  return [
    {
      schemas: [SCHEMA_URN],
      id: 'urn:example:Shoes',
      name: 'Shoe',
      attributes: [
        { name: 'shoeSize', type: sizeType },
        { name: 'brand', type: 'string', caseExact: brandCaseExact },
      ],
    },
    {
      schemas: [RESOURCE_TYPE_URN],
      id: 'Shoe',
      name: 'Shoe',
      endpoint: '/Shoes',
      schema: 'urn:example:Shoes',
    },
  ];
}

describe('Filter', () => {
  test('canonical form, source text and String()', () => {
    const f = new Filter('UserName Eq "bjensen"  AND (emails co "x" OR title pr)');
    assert.equal(f.toString(), 'UserName eq "bjensen" and (emails co "x" or title pr)');
    assert.equal(String(f), f.toString());
    assert.equal(`${f}`, f.toString());
    assert.equal(f.text, 'UserName Eq "bjensen"  AND (emails co "x" OR title pr)');
    assert.deepEqual(Object.getOwnPropertyDescriptor(f, 'text'), {
      value: f.text,
      writable: false,
      enumerable: false,
      configurable: false,
    });
    assert.throws(() => {
      'use strict';
      f.text = 'x';
    }, TypeError);
  });

  test('ast() is the JSON form of the tree, with UTF-16 spans like errors', () => {
    // "ë" is two bytes of UTF-8 but one UTF-16 unit: spans after it are string indices.
    const text = 'name.givenName eq "Zoë" and not (emails[type eq "work"])';
    const f = new Filter(text);
    assert.deepEqual(f.ast(), {
      op: 'and',
      span: [0, 56],
      operands: [
        {
          op: 'eq',
          path: { name: 'name', subAttr: 'givenName', span: [0, 14] },
          value: 'Zoë',
          span: [0, 23],
        },
        {
          op: 'not',
          span: [28, 56],
          operand: {
            op: 'valuePath',
            path: { name: 'emails', span: [33, 39] },
            filter: { op: 'eq', path: { name: 'type', span: [40, 44] }, value: 'work', span: [40, 54] },
            span: [33, 55],
          },
        },
      ],
    });
    assert.equal(text.slice(33, 39), 'emails');
    const path = new PatchPath('members[display eq "Zoë"].value').ast();
    assert.deepEqual(path.span, [0, 31]);
    const values = new Filter('a eq 1 or b eq 2.5 or c eq true or d eq null or e pr').ast().operands;
    assert.deepEqual(values.slice(0, 4).map((n) => n.value), [1, 2.5, true, null]);
    assert.equal(values[4].op, 'pr');
    const urn = new Filter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr').ast();
    assert.equal(urn.path.uri, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
    assert.equal(urn.path.name, 'manager');
    assert.equal(urn.path.subAttr, 'value');
  });

  describe('parse options', () => {
    test('strict is exactly the RFC grammar', () => {
      const e = throwsScim(() => new Filter('userName  eq "x"', { strict: true }), {
        scimType: 'invalidFilter',
        start: 9,
        end: 10,
      });
      assert.match(e.detail, /strict mode/);
      assert.equal(String(new Filter('userName  eq "x"')), 'userName eq "x"');
      assert.equal(String(new Filter('userName eq "x"', { strict: true })), 'userName eq "x"');
      assert.equal(String(new Filter('userName eq "x"', { strict: false })), 'userName eq "x"');
    });

    test('the switches override strict', () => {
      const f = new Filter('userName  eq "x"', { strict: true, lenientWhitespace: true });
      assert.equal(String(f), 'userName eq "x"');
      throwsScim(() => new Filter('userName  eq "x"', { lenientWhitespace: false }), { start: 9 });
      throwsScim(() => new Filter('members.$ref pr', { strict: true }), { start: 8, end: 12 });
      assert.equal(String(new Filter('members.$ref pr', { strict: true, dollarNames: true })), 'members.$ref pr');
      throwsScim(() => new Filter('members.$ref pr', { dollarNames: false }), { start: 8, end: 12 });
      const entra = 'emails[type eq "work"].value eq "x"';
      assert.equal(String(new Filter(entra)), 'emails[type eq "work" and value eq "x"]');
      throwsScim(() => new Filter(entra, { valuePathSubAttr: false }), { scimType: 'invalidFilter' });
      throwsScim(() => new Filter(entra, { strict: true }), { scimType: 'invalidFilter' });
      assert.ok(new Filter(entra, { strict: true, valuePathSubAttr: true }));
    });

    test('maxDepth and maxLength', () => {
      assert.ok(new Filter('((a pr))', { maxDepth: 2 }));
      throwsScim(() => new Filter('((a pr))', { maxDepth: 1 }), { start: 1, end: 2 });
      assert.ok(new Filter('a pr', { maxLength: 4 }));
      throwsScim(() => new Filter('userName pr', { maxLength: 5 }), { start: 5, end: 11 });
      const deep = (n) => '('.repeat(n) + 'a pr' + ')'.repeat(n);
      throwsScim(() => new Filter(deep(65)), { scimType: 'invalidFilter', start: 64, end: 65 });
      assert.ok(new Filter(deep(65), { maxDepth: 65 }));
      assert.ok(new Filter('a pr', { maxDepth: 1e9 }));
      const e = throwsScim(() => new Filter(deep(201), { maxDepth: 1e9 }), { start: 200, end: 201 });
      assert.match(e.detail, /deeper than 200 levels/, 'the core clamps maxDepth to 200');
      assert.ok(new Filter(deep(200), { maxDepth: 200 }));
    });

    test('undefined and null mean the defaults', () => {
      assert.ok(new Filter('a pr', undefined));
      assert.ok(new Filter('a pr', null));
      assert.ok(new Filter('a pr', {}));
      assert.ok(new Filter('a pr', { strict: undefined, maxDepth: undefined }));
    });

    test('wrong types are TypeErrors, out of range numbers RangeErrors', () => {
      throwsType(() => new Filter('a pr', { strict: 1 }), /options\.strict must be a boolean, not a number/);
      throwsType(() => new Filter('a pr', { lenientWhitespace: 'yes' }), /lenientWhitespace/);
      throwsType(() => new Filter('a pr', { maxDepth: '3' }), /options\.maxDepth must be a number/);
      throwsType(() => new Filter('a pr', { strikt: true }), /unknown option `strikt`/);
      throwsType(() => new Filter('a pr', []), /options must be an object, not an array/);
      throwsType(() => new Filter('a pr', 'strict'), /options must be an object, not a string/);
      for (const bad of [-1, 1.5, NaN, Infinity, -Infinity, 2 ** 60]) {
        assert.throws(() => new Filter('a pr', { maxDepth: bad }), RangeError, String(bad));
      }
      assert.throws(() => new Filter('a pr', { maxLength: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
    });
  });

  test('the text must be a string', () => {
    throwsType(() => new Filter(), /text must be a string, not undefined/);
    throwsType(() => new Filter(42), /not a number/);
    throwsType(() => new Filter(null), /not null/);
    throwsType(() => new Filter({ toString: () => 'a pr' }), /not an object/);
    throwsType(() => new Filter(['a pr']), /not an array/);
  });

  describe('matches', () => {
    test('objects are User resources by default', () => {
      const f = new Filter('userName eq "BJENSEN" and emails[type eq "work" and value co "@example.com"]');
      assert.equal(f.matches(BJENSEN), true);
      assert.equal(f.matches({ ...BJENSEN, userName: 'other' }), false);
      assert.equal(f.matches(BJENSEN, {}), true);
      assert.equal(f.matches(BJENSEN, { resourceType: 'User' }), true);
      assert.equal(f.matches(BJENSEN, { resourceType: 'user' }), true, 'resource type names ignore case');
    });

    test('JSON text is parsed in Rust and gives the same answers', () => {
      const f = new Filter('emails[type eq "work" and value co "@example.com"]');
      assert.equal(f.matches(JSON.stringify(BJENSEN)), true);
      assert.equal(f.matches(JSON.stringify({ ...BJENSEN, emails: [] })), false);
      for (const text of ['name.givenName sw "b"', 'active eq true', 'not (title pr)', 'emails.primary eq true']) {
        const g = new Filter(text);
        for (const u of USERS) assert.equal(g.matches(JSON.stringify(u)), g.matches(u), `${text} on ${u.id}`);
      }
    });

    test('text that is not JSON is a ScimError (invalidSyntax)', () => {
      const e = throwsScim(() => new Filter('a pr').matches('{"a": '), {
        scimType: 'invalidSyntax',
        status: 400,
        start: null,
        end: null,
      });
      assert.match(e.detail, /^the resource is not valid JSON: /);
    });

    test('JSON text that is not an object matches what an empty resource matches', () => {
      const f = new Filter('userName pr', { strict: true });
      assert.equal(f.matches('[1, 2]'), false);
      assert.equal(f.matches('"x"'), false);
      assert.equal(new Filter('not (userName pr)').matches('null'), true);
    });

    test('resourceType null evaluates schema-less', () => {
      const f = new Filter('shoe.size gt 40 and brand eq "ACME"');
      const shoe = { shoe: { size: 42 }, Brand: 'acme' };
      assert.equal(f.matches(shoe, { resourceType: null }), true);
      assert.equal(f.matches({ shoe: { size: 40 }, brand: 'acme' }, { resourceType: null }), false);
      // Against the User schema the attributes do not exist.
      throwsScim(() => f.matches(shoe), { scimType: 'invalidFilter', start: 0, end: 9 });
    });

    test('unknown resource types and wrong compiles are ScimErrors', () => {
      const e = throwsScim(() => new Filter('userName pr').matches({}, { resourceType: 'Shoe' }), {
        scimType: null,
        status: 400,
        start: null,
        end: null,
      });
      assert.match(e.detail, /unknown resource type `Shoe`/);
      assert.equal(e.document.scimType, undefined);
      assert.equal(e.document.status, '400');
      throwsScim(() => new Filter('active gt true').matches({}), { scimType: 'invalidFilter', start: 7, end: 9 });
      throwsScim(() => new Filter('usrName eq "x"').matches({}), { start: 0, end: 7 });
    });

    test('bad arguments are TypeErrors', () => {
      const f = new Filter('userName pr');
      throwsType(() => f.matches(), /resource must be an object or a JSON string, not undefined/);
      throwsType(() => f.matches(null), /not null/);
      throwsType(() => f.matches(42), /not a number/);
      throwsType(() => f.matches([BJENSEN]), /not an array/);
      throwsType(() => f.matches(() => 1), /not a function/);
      throwsType(() => f.matches(BJENSEN, { resourceType: 42 }), /resourceType must be a string or null/);
      throwsType(() => f.matches(BJENSEN, { schemas: {} }), /options\.schemas must be a Schemas instance/);
      throwsType(() => f.matches(BJENSEN, { schemas: Object.create(Schemas.prototype) }), /Schemas instance/);
      throwsType(() => f.matches(BJENSEN, { schemas: new Filter('a pr') }), /Schemas instance/);
      throwsType(() => f.matches(BJENSEN, { resource_type: 'User' }), /unknown option `resource_type`/);
      throwsType(() => f.matches(BJENSEN, 'User'), /options must be an object/);
      assert.equal(f.matches(BJENSEN, { schemas: null, resourceType: undefined }), true);
    });
  });

  describe('filter', () => {
    test('returns a new array of the very objects given, in order', () => {
      const f = new Filter('emails co "example.com"');
      const input = [...USERS];
      const out = f.filter(input);
      assert.notEqual(out, input);
      assert.ok(Array.isArray(out));
      assert.ok(out.length > 0 && out.length < input.length);
      for (const r of out) assert.ok(USERS.includes(r), 'the same object, not a copy');
      assert.deepEqual(out, input.filter((r) => f.matches(r)));
      assert.deepEqual(input, USERS, 'the input is not changed');
    });

    test('JSON text and objects may be mixed; text comes back as given', () => {
      const f = new Filter('userName sw "b"');
      const text = JSON.stringify({ userName: 'bob' });
      const obj = { userName: 'barbara' };
      const out = f.filter([text, { userName: 'alice' }, obj, '{"userName": "carol"}']);
      assert.equal(out.length, 2);
      assert.equal(out[0], text);
      assert.equal(out[1], obj);
    });

    test('options as in matches', () => {
      const f = new Filter('size ge 42');
      const shoes = [{ size: 41 }, { size: 42 }, { Size: 43.5 }];
      assert.deepEqual(f.filter(shoes, { resourceType: null }), shoes.slice(1));
      assert.deepEqual(f.filter([], { resourceType: null }), []);
      throwsScim(() => f.filter(shoes), { scimType: 'invalidFilter' });
      throwsScim(() => f.filter([], { resourceType: 'Nope' }), { scimType: null });
    });

    test('bad arguments are TypeErrors naming the element', () => {
      const f = new Filter('userName pr');
      throwsType(() => f.filter(), /resources must be an array, not undefined/);
      throwsType(() => f.filter(BJENSEN), /resources must be an array, not an object/);
      throwsType(() => f.filter(new Set([BJENSEN])), /resources must be an array/);
      throwsType(() => f.filter([BJENSEN, 7]), /resources\[1\] must be an object or a JSON string, not a number/);
      throwsType(() => f.filter([BJENSEN, [BJENSEN]]), /resources\[1\].*not an array/);
      const e = throwsScim(() => f.filter([BJENSEN, '{']), { scimType: 'invalidSyntax' });
      assert.match(e.detail, /^the resource is not valid JSON/);
    });
  });
});

describe('in-place evaluation', () => {
  test('touches only the attributes the filter names', () => {
    const reads = [];
    const watch = (obj, path) =>
      new Proxy(obj, {
        get(target, key, receiver) {
          if (typeof key === 'string') reads.push(`${path}${key}`);
          const v = Reflect.get(target, key, receiver);
          return v && typeof v === 'object' ? watch(v, `${path}${key}.`) : v;
        },
      });
    const user = watch(structuredClone(BJENSEN), '');
    const f = new Filter('userName eq "bjensen" and emails[type eq "home"]');
    assert.equal(f.matches(user), true);
    const touched = [...new Set(reads)].sort();
    assert.deepEqual(touched, [
      'emails',
      'emails.0',
      'emails.0.type',
      'emails.1',
      'emails.1.type',
      'emails.length',
      'userName',
    ]);
  });

  test('Proxy objects and arrays (Vue, MobX, Immer) are read through their traps', () => {
    const proxies = new WeakMap();
    const reactive = (v) => {
      if (!v || typeof v !== 'object') return v;
      if (!proxies.has(v)) proxies.set(v, new Proxy(v, { get: (t, k, r) => reactive(Reflect.get(t, k, r)) }));
      return proxies.get(v);
    };
    const user = reactive(structuredClone(BJENSEN));
    assert.ok(Array.isArray(user.emails));
    const f = new Filter('emails[type eq "home" and value ew ".org"] and name.familyName eq "jensen"');
    assert.equal(f.matches(user), true);
    assert.equal(new Filter('emails.value co "example"').matches(user), true);
    const list = reactive([structuredClone(BJENSEN), { userName: 'x' }]);
    const out = f.filter(list);
    assert.equal(out.length, 1);
    assert.equal(out[0], list[0], 'the same proxy');
    throwsType(() => f.matches(list), /not an object|not an array/);
  });

  test('own enumerable members only: nothing inherited, nothing hidden', () => {
    const sl = { resourceType: null };
    assert.equal(new Filter('constructor pr').matches({}, sl), false);
    assert.equal(new Filter('toString pr').matches({}, sl), false);
    class User {
      constructor() {
        this.userName = 'own';
      }
      get displayName() {
        return 'from the prototype';
      }
    }
    assert.equal(new Filter('userName eq "own"').matches(new User()), true);
    assert.equal(new Filter('displayName pr').matches(new User()), false);
    class Throwing {
      get userName() {
        throw new Error('an inherited getter is never run');
      }
    }
    assert.equal(new Filter('userName pr').matches(new Throwing()), false);
    const hidden = Object.defineProperty({}, 'title', { value: 'x', enumerable: false });
    assert.equal(new Filter('title pr').matches(hidden, sl), true, 'found by exact name (own property)');
    assert.equal(new Filter('TITLE pr').matches(hidden, sl), false, 'not enumerated for the case-insensitive match');
    const symbols = { [Symbol('userName')]: 'x', userName: 'y' };
    assert.equal(new Filter('username eq "y"').matches(symbols), true);
    const proto = Object.create({ userName: 'inherited' });
    assert.equal(new Filter('userName pr').matches(proto), false);
  });

  test('a polluted Object.prototype is not seen', () => {
    Object.prototype.userName = 'polluted';
    try {
      assert.equal(new Filter('userName eq "polluted"').matches({}), false);
      assert.equal(new Filter('username eq "polluted"').matches({}), false);
    } finally {
      delete Object.prototype.userName;
    }
  });

  test('attribute names ignore case; the exact name wins', () => {
    const f = new Filter('username eq "a"');
    assert.equal(f.matches({ USERNAME: 'a' }), true);
    // The schema's name is userName: that member wins over earlier ones that differ in case.
    assert.equal(f.matches({ USERNAME: 'b', username: 'b', userName: 'a' }), true);
    assert.equal(f.matches({ USERNAME: 'a', username: 'b' }), true, 'else the first in order');
    assert.equal(f.matches({ username: 'b', USERNAME: 'a' }), false);
    assert.equal(new Filter('name.FAMILYNAME eq "x"').matches({ Name: { familyName: 'X' } }), true);
  });

  test('JavaScript values map onto JSON', () => {
    const sl = { resourceType: null };
    // undefined members are absent and undefined elements null, as in JSON.stringify.
    assert.equal(new Filter('title pr').matches({ title: undefined }, sl), false);
    assert.equal(new Filter('title eq null').matches({ title: undefined }, sl), true);
    assert.equal(new Filter('title eq "x"').matches({ title: undefined, TITLE: 'x' }, sl), true);
    assert.equal(new Filter('tags pr').matches({ tags: [undefined, null] }, sl), false);
    // Numbers compare numerically; integers are exact only where a double is.
    assert.equal(new Filter('n eq 1').matches({ n: 1.0 }, sl), true);
    assert.equal(new Filter('n gt 9007199254740991').matches({ n: 2 ** 60 }, sl), true);
    assert.equal(new Filter('n eq 0').matches({ n: -0 }, sl), true);
    assert.equal(new Filter('n eq 1').matches({ n: NaN }, sl), false);
    assert.equal(new Filter('n ne 1').matches({ n: NaN }, sl), true);
    assert.equal(new Filter('n lt 0').matches({ n: -Infinity }, sl), true);
    // Values of another JSON type do not match (and do match ne).
    assert.equal(new Filter('n eq 1').matches({ n: '1' }, sl), false);
    assert.equal(new Filter('b eq true').matches({ b: 'true' }, sl), false);
    assert.equal(new Filter('b ne true').matches({ b: 1 }, sl), true);
    // Dates, buffers, functions, symbols and bigints are not JSON: present, equal to nothing.
    const when = new Date('2011-05-13T04:42:34Z');
    assert.equal(new Filter('meta.lastModified pr').matches({ meta: { lastModified: when } }), true);
    assert.equal(new Filter('meta.lastModified eq "2011-05-13T04:42:34Z"').matches({ meta: { lastModified: when } }), false);
    assert.equal(new Filter('meta.lastModified eq "2011-05-13T04:42:34.000Z"').matches({ meta: { lastModified: when.toISOString() } }), true);
    for (const odd of [Buffer.from('x'), new Uint8Array(2), () => 1, Symbol('s'), 10n, new ArrayBuffer(1)]) {
      assert.equal(new Filter('x pr').matches({ x: odd }, sl), true, String(typeof odd));
      assert.equal(new Filter('x eq "x"').matches({ x: odd }, sl), false);
      assert.equal(new Filter('x[y pr]').matches({ x: [odd] }, sl), false);
    }
    assert.equal(new Filter('x eq 10').matches({ x: 10n }, sl), false);
  });

  test('an exception thrown while reading propagates unchanged', () => {
    const boom = new Error('boom');
    const user = {
      get userName() {
        throw boom;
      },
    };
    assert.throws(() => new Filter('userName pr').matches(user), (e) => e === boom);
    assert.throws(() => new Filter('userName pr').filter([BJENSEN, user]), (e) => e === boom);
    const trap = new Proxy({}, { ownKeys() { throw new RangeError('trap'); } });
    assert.throws(() => new Filter('username pr').matches(trap), { name: 'RangeError', message: 'trap' });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    assert.throws(() => new Filter('userName pr').matches(revocable.proxy), TypeError);
    // The filter is still usable afterwards.
    assert.equal(new Filter('userName pr').matches(BJENSEN), true);
  });

  test('re-entrant calls from getters are safe', () => {
    const f = new Filter('userName eq "x"');
    const schemas = new Schemas();
    const user = {
      get userName() {
        assert.equal(f.matches({ userName: 'x' }, { schemas }), true);
        schemas.load(shoeDocs());
        return 'x';
      },
    };
    assert.equal(f.matches(user, { schemas }), true);
    assert.deepEqual(schemas.resourceTypes(), ['User', 'Group', 'Shoe']);
  });

  test('a getter that changes the resource sees a consistent answer', () => {
    const user = {
      emails: [{ type: 'home' }],
      get userName() {
        this.emails.push({ type: 'work' });
        return 'x';
      },
    };
    assert.equal(new Filter('userName pr and emails[type eq "work"]').matches(user), true);
  });
});

describe('errors', () => {
  test('a ScimError carries every field of bindings/README.md', () => {
    const text = 'userName equals "bjensen"';
    const e = throwsScim(() => new Filter(text), {
      scimType: 'invalidFilter',
      status: 400,
      detail: 'expected a comparison operator such as `eq`, found `equals`',
      start: 9,
      end: 15,
    });
    assert.equal(e.message, e.detail);
    assert.equal(
      e.rendered,
      'invalidFilter: expected a comparison operator such as `eq`, found `equals`\n' +
        '  |\n' +
        '1 | userName equals "bjensen"\n' +
        '  |          ^^^^^^\n',
    );
    assert.deepEqual(e.document, {
      schemas: [ERROR_URN],
      scimType: 'invalidFilter',
      detail: e.detail,
      status: '400',
    });
    assert.equal(text.slice(e.start, e.end), 'equals');
    assert.equal(String(e), `ScimError: ${e.detail}`);
    assert.ok(e.stack.startsWith(`ScimError: ${e.detail}\n`), e.stack);
    assert.equal(Object.getOwnPropertyDescriptor(e, 'name').enumerable, false);
    assert.deepEqual(Object.keys(e).sort(), ['detail', 'document', 'end', 'operation', 'rendered', 'scimType', 'start', 'status']);
    assert.equal(e.operation, null, 'not a PATCH error');
    assert.equal(e.code, undefined);
  });

  test('spans are UTF-16 code units: non-BMP characters count twice', () => {
    // "😀" is 4 bytes of UTF-8, 2 UTF-16 code units; "é" 2 bytes, 1 unit.
    const text = 'title eq "😀é😀" and nickName eq "😀" and';
    const e = throwsScim(() => new Filter(text), { start: text.length, end: text.length });
    assert.equal(Buffer.byteLength(text), text.length + 7, 'three 😀 (2 units, 4 bytes), one é (1, 2)');
    const compile = 'title eq "😀😀" and active gt true';
    const c = throwsScim(() => new Filter(compile).matches({}), { scimType: 'invalidFilter' });
    assert.deepEqual([c.start, c.end], [compile.indexOf('gt'), compile.indexOf('gt') + 2]);
    assert.equal(compile.slice(c.start, c.end), 'gt');
    const value = 'nickName eq "😀" or active eq "yes"';
    const v = throwsScim(() => new Filter(value).matches({}), { scimType: 'invalidFilter' });
    assert.equal(value.slice(v.start, v.end), '"yes"');
    const name = 'emails[type eq "😀"] and 😀x pr';
    const n = throwsScim(() => new Filter(name), { scimType: 'invalidFilter' });
    assert.equal(name.slice(n.start, n.end), '😀x');
  });

  test('the caret frame is drawn under the offending text', () => {
    const e = throwsScim(() => new Filter('name.givenName eq "Zoë" and'), {});
    assert.equal(e.rendered.split('\n').at(-2), '  |                            ^');
  });
});

describe('Schemas', () => {
  test('new Schemas() is the RFC 7643 registry; empty() has only the common attributes', () => {
    const s = new Schemas();
    assert.deepEqual(s.resourceTypes(), ['User', 'Group']);
    // The three resource schemas and the three of the service provider (RFC 7643 §8.7.2).
    assert.deepEqual(s.schemaIds(), [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
      'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
      'urn:ietf:params:scim:schemas:core:2.0:Schema',
    ]);
    const empty = Schemas.empty();
    assert.ok(empty instanceof Schemas);
    assert.deepEqual(empty.resourceTypes(), []);
    assert.deepEqual(empty.schemaIds(), []);
    throwsScim(() => new Filter('userName pr').matches({}, { schemas: empty }), { scimType: null, status: 400 });
    assert.equal(new Filter('id pr').matches({ id: 'x' }, { schemas: empty, resourceType: null }), true);
  });

  test('load takes an object, an array, a ListResponse or JSON text', () => {
    const forms = [
      (s) => s.load([WIDGET_TYPE, WIDGET_SCHEMA]),
      (s) => {
        s.load(WIDGET_SCHEMA);
        s.load(WIDGET_TYPE);
      },
      (s) => s.load(JSON.stringify([WIDGET_SCHEMA, WIDGET_TYPE])),
      (s) =>
        s.load({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 2,
          Resources: [WIDGET_SCHEMA, WIDGET_TYPE],
        }),
    ];
    for (const load of forms) {
      const s = new Schemas();
      assert.equal(load(s), undefined);
      assert.deepEqual(s.resourceTypes(), ['User', 'Group', 'Widget']);
      assert.equal(s.schemaIds().at(-1), WIDGET_SCHEMA.id);
      const f = new Filter('sku eq "ABC-1" and count gt 2');
      assert.equal(f.matches({ sku: 'ABC-1', count: 3 }, { schemas: s, resourceType: 'Widget' }), true);
      assert.equal(f.matches({ sku: 'abc-1', count: 3 }, { schemas: s, resourceType: 'Widget' }), false, 'sku is caseExact');
    }
  });

  test('load is all or nothing', () => {
    const s = new Schemas();
    const bad = { schemas: [SCHEMA_URN], id: 'urn:x', attributes: [{ name: 'a', type: 'strng' }] };
    const e = throwsScim(() => s.load([WIDGET_SCHEMA, WIDGET_TYPE, bad]), {
      scimType: null,
      status: 500,
      start: null,
      end: null,
    });
    assert.match(e.detail, /unknown type "strng"/);
    assert.equal(e.document.status, '500');
    assert.deepEqual(s.resourceTypes(), ['User', 'Group']);
    assert.equal(s.schemaIds().length, 6);
    throwsScim(() => s.load('{"schemas": '), { scimType: null, status: 500 });
    throwsScim(() => s.load({ endpoint: '/X', id: 'X', name: 'X', schema: 'urn:missing' }), { status: 500 });
    assert.deepEqual(s.resourceTypes(), ['User', 'Group']);
  });

  test('bad arguments are TypeErrors', () => {
    const s = new Schemas();
    throwsType(() => s.load(), /doc must be an object, an array or a JSON string, not undefined/);
    throwsType(() => s.load(42), /not a number/);
    throwsType(() => s.load(null), /not null/);
    const cyclic = {};
    cyclic.self = cyclic;
    assert.throws(() => s.load(cyclic), TypeError, 'JSON.stringify refuses cycles');
    throwsType(() => s.load({ toJSON: () => undefined }), /no JSON form/);
    assert.deepEqual(s.resourceTypes(), ['User', 'Group']);
  });

  test('a filter is recompiled after its registry changes (the cache never goes stale)', () => {
    const f = new Filter('shoeSize gt 40 and brand eq "acme"');
    const schemas = new Schemas();
    const opts = { schemas, resourceType: 'Shoe' };
    throwsScim(() => f.matches({}, opts), { scimType: null }); // no Shoe yet
    schemas.load(shoeDocs({ brandCaseExact: false }));
    const shoe = { shoeSize: 44, brand: 'ACME' };
    assert.equal(f.matches(shoe, opts), true);
    // Replacing the schema (brand becomes caseExact) changes the answer.
    schemas.load(shoeDocs({ brandCaseExact: true }));
    assert.equal(f.matches(shoe, opts), false);
    assert.equal(f.matches({ ...shoe, brand: 'acme' }, opts), true);
    // And one that no longer fits the schema fails to compile.
    schemas.load(shoeDocs({ sizeType: 'string' }));
    const e = throwsScim(() => f.matches(shoe, opts), { scimType: 'invalidFilter' });
    assert.equal(f.text.slice(e.start, e.end), '40');
    // Other registries are independent of this one.
    const other = new Schemas();
    other.load(shoeDocs({ brandCaseExact: false }));
    assert.equal(f.matches(shoe, { schemas: other, resourceType: 'Shoe' }), true);
    assert.equal(f.filter([shoe], { schemas: other, resourceType: 'shoe' })[0], shoe);
  });

  test('the same filter against several resource types and registries', () => {
    const f = new Filter('id eq "g01" or displayName pr');
    const groups = readJson('fixtures', 'groups.json');
    assert.ok(f.filter(groups, { resourceType: 'Group' }).length > 0);
    assert.ok(f.filter(USERS).length >= 0);
    assert.ok(f.filter(groups, { resourceType: null }).length > 0);
    for (let i = 0; i < 20; i++) {
      const s = new Schemas();
      s.load(shoeDocs());
      assert.equal(new Filter('brand pr').matches({ brand: 'x' }, { schemas: s, resourceType: 'Shoe' }), true);
    }
  });
});

describe('PatchPath', () => {
  test('canonical form and ast()', () => {
    const p = new PatchPath('EMAILS[type Eq "work"].Value');
    assert.equal(p.toString(), 'EMAILS[type eq "work"].Value');
    assert.equal(String(p), p.toString());
    assert.deepEqual(p.ast(), {
      path: { name: 'EMAILS', span: [0, 6] },
      filter: { op: 'eq', path: { name: 'type', span: [7, 11] }, value: 'work', span: [7, 21] },
      subAttr: 'Value',
      span: [0, 28],
    });
    assert.deepEqual(new PatchPath('name.familyName').ast(), {
      path: { name: 'name', subAttr: 'familyName', span: [0, 15] },
      span: [0, 15],
    });
  });

  test('errors are invalidPath with UTF-16 spans', () => {
    const text = 'emails[value eq "😀" and';
    const e = throwsScim(() => new PatchPath(text), { scimType: 'invalidPath', status: 400 });
    assert.deepEqual([e.start, e.end], [text.length, text.length]);
    assert.equal(e.document.scimType, 'invalidPath');
  });

  test('options and TypeErrors as for Filter', () => {
    throwsScim(() => new PatchPath('members[value eq "x"].$ref', { strict: true }), { scimType: 'invalidPath' });
    assert.equal(String(new PatchPath('members[value eq "x"].$ref')), 'members[value eq "x"].$ref');
    throwsScim(() => new PatchPath('a[(b pr)]', { maxDepth: 1 }), { scimType: 'invalidPath' });
    throwsType(() => new PatchPath(), /text must be a string/);
    throwsType(() => new PatchPath('a', { nope: 1 }), /unknown option `nope`/);
  });
});

describe('hostile input', () => {
  test('deep nesting, long input and odd characters are ScimErrors, not crashes', () => {
    const deep = (n) => '('.repeat(n) + 'a pr' + ')'.repeat(n);
    throwsScim(() => new Filter(deep(10_000)), { scimType: 'invalidFilter', start: 64, end: 65 });
    throwsScim(() => new Filter('not ('.repeat(5_000) + 'a pr' + ')'.repeat(5_000)), { scimType: 'invalidFilter' });
    throwsScim(() => new Filter('a['.repeat(5_000)), { scimType: 'invalidFilter' });
    throwsScim(() => new PatchPath('a['.repeat(5_000)), { scimType: 'invalidPath' });
    const f = new Filter(deep(200), { maxDepth: 200 });
    assert.equal(f.matches({ a: 1 }, { resourceType: null }), true);
    assert.equal(f.ast().op, 'pr');
    const big = 'a eq "' + 'x'.repeat(70_000) + '"';
    throwsScim(() => new Filter(big), { start: 65_536, end: big.length });
    assert.ok(new Filter(big, { maxLength: 1 << 20 }));
    const wide = Array.from({ length: 5_000 }, (_, i) => `a eq ${i}`).join(' or ');
    assert.equal(new Filter(wide, { maxLength: 1 << 20 }).matches({ a: 4_999 }, { resourceType: null }), true);
    for (const text of ['\0', 'a eq "\0"', '\ud800 pr', 'a eq "\udfff"', '\uffff', '"', '[', ']', ')', 'a[b[c pr]]', '']) {
      try {
        new Filter(text);
      } catch (e) {
        assert.equal(e.name, 'ScimError', `${JSON.stringify(text)}: ${e.stack}`);
      }
    }
  });

  test('random input either parses or throws a ScimError', () => {
    const alphabet = ['a', 'b', 'eq', 'pr', 'and', 'or', 'not', '(', ')', '[', ']', ' ', '"x"', '"', '.', ':', '$', '1', '-', 'e', '\\', '😀', 'ü', 'true', 'null', '\t', 'urn:x:', '\u0000'];
    let seed = 12345;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3_000; i++) {
      let text = '';
      for (let j = rand(24); j > 0; j--) text += alphabet[rand(alphabet.length)];
      for (const make of [(t) => new Filter(t), (t) => new PatchPath(t), (t) => new Filter(t, { strict: true })]) {
        try {
          const f = make(text);
          assert.equal(typeof String(f), 'string');
          f.ast();
          if (f instanceof Filter) f.filter([{}, { a: 1, b: [{ x: 'x' }] }], { resourceType: null });
        } catch (e) {
          assert.equal(e.name, 'ScimError', `${JSON.stringify(text)}: ${e.stack}`);
          if (e.start !== null) assert.ok(e.start <= e.end && e.end <= text.length, JSON.stringify(text));
        }
      }
    }
  });

  test('odd resources are read safely', () => {
    const cyclic = { userName: 'x', emails: [] };
    cyclic.self = cyclic;
    cyclic.emails.push(cyclic);
    assert.equal(new Filter('userName eq "x" and emails[userName pr]').matches(cyclic, { resourceType: null }), true);
    assert.equal(new Filter('self.userName eq "x"').matches(cyclic, { resourceType: null }), true);
    const sparse = { emails: [, , { type: 'work' }] }; // eslint-disable-line no-sparse-arrays
    assert.equal(new Filter('emails[type eq "work"]').matches(sparse), true);
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    assert.equal(new Filter('K9999 eq 9999').matches(many, { resourceType: null }), true);
    const longArray = { emails: Array.from({ length: 100_000 }, () => ({ type: 'home' })) };
    assert.equal(new Filter('emails[type eq "work"]').matches(longArray), false);
    assert.equal(new Filter('userName pr').matches(Object.create(null)), false);
    assert.equal(new Filter('userName pr').matches(new Proxy({ userName: 'x' }, {})), true);
    assert.equal(new Filter('a eq "x"').matches('{"a": "x", "a": "y"}', { resourceType: null }), false);
    const deepJson = '['.repeat(200) + ']'.repeat(200);
    throwsScim(() => new Filter('a pr').matches(deepJson), { scimType: 'invalidSyntax' });
  });

  test('methods called on the wrong object throw', () => {
    const f = new Filter('a pr');
    assert.throws(() => Filter.prototype.matches.call({}, {}), TypeError);
    assert.throws(() => Filter.prototype.toString.call(new PatchPath('a')), TypeError);
    assert.throws(() => Schemas.prototype.load.call(f, []), TypeError);
    assert.throws(() => PatchRequest.prototype.apply.call(f, {}), TypeError);
    assert.throws(() => PatchRequest.prototype.apply.call(Object.create(PatchRequest.prototype), {}), TypeError);
    // No napi getters: `text` is an own data property (napi-rs getters do not check `this`).
    for (const cls of [Filter, PatchPath, PatchRequest, Schemas]) {
      for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))) {
        assert.equal(d.get, undefined, `${cls.name}.${name} is a getter`);
      }
    }
  });
});

describe('PATCH', () => {
  const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
  const patchOf = (...Operations) => ({ schemas: [PATCH_OP], Operations });
  const GROUP = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: 'g1',
    displayName: 'Tour Guides',
    members: [{ value: '2819c223' }, { value: '902c246b' }],
  };
  const RENAME = patchOf(
    { op: 'Replace', path: 'name.familyName', value: 'Jensen-Smith' },
    { op: 'add', path: 'emails', value: [{ type: 'other', value: 'b@example.org' }] },
  );
  const RENAMED = {
    ...structuredClone(BJENSEN),
    name: { givenName: 'Barbara', familyName: 'Jensen-Smith' },
    emails: [...structuredClone(BJENSEN.emails), { type: 'other', value: 'b@example.org' }],
  };

  /** `v` and everything in it, frozen: reading is all a PATCH may do with its arguments. */
  function deepFreeze(v) {
    if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) deepFreeze(x);
    }
    return v;
  }

  /** Asserts that `out` shares no object or array with `input`. */
  function assertFresh(out, input) {
    const seen = new Set();
    const collect = (v) => {
      if (v && typeof v === 'object' && !seen.has(v)) {
        seen.add(v);
        Object.values(v).forEach(collect);
      }
    };
    collect(input);
    const check = (v) => {
      if (v && typeof v === 'object') {
        assert.ok(!seen.has(v), 'a new object');
        assert.ok(Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype, 'a plain object');
        Object.values(v).forEach(check);
      }
    };
    check(out);
  }

  describe('applyPatch', () => {
    test('returns the patched resource as a new object; the input is untouched', () => {
      const user = deepFreeze(structuredClone(BJENSEN));
      const patch = deepFreeze(structuredClone(RENAME));
      const out = applyPatch(user, patch);
      assert.deepEqual(out, RENAMED);
      assert.deepEqual(user, BJENSEN);
      assert.deepEqual(patch, RENAME);
      assertFresh(out, [user, patch]);
      // A no-op is a new object too.
      const same = applyPatch(user, patchOf({ op: 'replace', path: 'userName', value: 'bjensen' }));
      assert.deepEqual(same, BJENSEN);
      assertFresh(same, user);
      // The RFC 7644 §3.5.2 Group example, through the defaults spelt out.
      const group = applyPatch(
        GROUP,
        patchOf(
          { op: 'Remove', path: 'members[value eq "2819c223"]' },
          { op: 'add', path: 'members', value: [{ value: '08e1d05d' }] },
        ),
        { resourceType: 'Group', profile: 'rfc', schemas: new Schemas() },
      );
      assert.deepEqual(group.members, [{ value: '902c246b' }, { value: '08e1d05d' }]);
    });

    test('resource and patch may be JSON text, parsed in Rust', () => {
      const want = applyPatch(BJENSEN, RENAME);
      assert.deepEqual(applyPatch(JSON.stringify(BJENSEN), RENAME), want);
      assert.deepEqual(applyPatch(BJENSEN, JSON.stringify(RENAME)), want);
      assert.deepEqual(applyPatch(JSON.stringify(BJENSEN), JSON.stringify(RENAME)), want);
      // Member names of the message are case-insensitive, as RFC 7643 §2.1 has it.
      const lower = '{"SCHEMAS": ["' + PATCH_OP + '"], "operations": [{"OP": "ADD", "Path": "title", "VALUE": "Boss"}]}';
      assert.equal(applyPatch(BJENSEN, lower).title, 'Boss');
    });

    test('text that is not JSON is a ScimError (invalidSyntax), with no operation', () => {
      const r = throwsScim(() => applyPatch('{"userName": ', RENAME), {
        scimType: 'invalidSyntax',
        status: 400,
        operation: null,
        start: null,
      });
      assert.match(r.detail, /^the resource is not valid JSON: /);
      const p = throwsScim(() => applyPatch(BJENSEN, '{"Operations": ['), { scimType: 'invalidSyntax', operation: null });
      assert.match(p.detail, /^the PATCH request is not valid JSON: /);
      // JSON text that is not an object: the engine says so.
      throwsScim(() => applyPatch('[]', RENAME), { scimType: 'invalidValue', operation: null });
      throwsScim(() => applyPatch(BJENSEN, '[]'), { scimType: 'invalidSyntax', operation: null });
      throwsScim(() => applyPatch(BJENSEN, 'null'), { scimType: 'invalidSyntax', operation: null });
    });

    test('schemas and resourceType select the schema; an unknown type is a ScimError', () => {
      const schemas = new Schemas();
      schemas.load([WIDGET_SCHEMA, WIDGET_TYPE]);
      const widget = { schemas: [WIDGET_SCHEMA.id], id: 'w1', name: 'Gizmo' };
      const opts = { resourceType: 'widget', schemas };
      const out = applyPatch(widget, patchOf({ op: 'add', path: 'count', value: 3 }, { op: 'add', path: 'tags', value: ['a'] }), opts);
      assert.deepEqual(out, { ...widget, count: 3, tags: ['a'] });
      throwsScim(() => applyPatch(widget, patchOf({ op: 'add', path: 'count', value: '3' }), opts), {
        scimType: 'invalidValue',
        operation: 0,
      });
      const e = throwsScim(() => applyPatch(widget, patchOf({ op: 'add', path: 'count', value: 3 })), {
        scimType: 'invalidPath',
        operation: 0,
      });
      assert.match(e.detail, /count/, 'not a User attribute');
      const u = throwsScim(() => applyPatch(widget, RENAME, { resourceType: 'Widget' }), {
        scimType: null,
        status: 400,
        operation: null,
      });
      assert.match(u.detail, /unknown resource type `Widget`/);
    });
  });

  describe('profiles', () => {
    test('PROFILES lists the names, frozen', () => {
      assert.deepEqual([...PROFILES], ['rfc', 'entra', 'okta', 'onelogin', 'google', 'jumpcloud']);
      assert.ok(Array.isArray(PROFILES));
      assert.ok(Object.isFrozen(PROFILES));
      assert.throws(() => {
        'use strict';
        PROFILES.push('x');
      }, TypeError);
      assert.equal(PROFILES.length, 6);
    });

    test('every profile is accepted; rfc is the default', () => {
      const patch = patchOf({ op: 'replace', path: 'title', value: 'Boss' });
      for (const profile of PROFILES) {
        assert.equal(applyPatch(BJENSEN, patch, { profile }).title, 'Boss', profile);
        assert.equal(new PatchRequest(patch, { profile }).apply(BJENSEN).resource.title, 'Boss', profile);
      }
    });

    test('a profile accepts what its identity provider sends; rfc refuses it', () => {
      // Entra ID sends booleans as strings (Microsoft Learn, SCIM known issues).
      const entra = patchOf({ op: 'Replace', path: 'active', value: 'False' });
      assert.equal(applyPatch(BJENSEN, entra, { profile: 'entra' }).active, false);
      for (const profile of [undefined, 'rfc', 'okta']) {
        const opts = profile === undefined ? undefined : { profile };
        throwsScim(() => applyPatch(BJENSEN, entra, opts), { scimType: 'invalidValue', operation: 0 });
      }
      // Names are case-insensitive and the core's aliases work.
      assert.equal(applyPatch(BJENSEN, entra, { profile: 'Entra' }).active, false);
      assert.equal(applyPatch(BJENSEN, entra, { profile: 'azure' }).active, false);
      // JumpCloud and Entra remove group members listed in `value`; RFC 7644 has no such remove.
      const removeByValue = patchOf({ op: 'remove', path: 'members', value: [{ value: '2819c223' }] });
      const opts = { resourceType: 'Group', profile: 'jumpcloud' };
      assert.deepEqual(applyPatch(GROUP, removeByValue, opts).members, [{ value: '902c246b' }]);
      throwsScim(() => applyPatch(GROUP, removeByValue, { resourceType: 'Group' }), { scimType: 'invalidSyntax', operation: 0 });
    });

    test('an unknown profile is a RangeError listing the names; a non-string a TypeError', () => {
      for (const call of [
        () => applyPatch(BJENSEN, RENAME, { profile: 'azure-ad' }),
        () => new PatchRequest(RENAME, { profile: 'azure-ad' }),
      ]) {
        assert.throws(call, (err) => {
          assert.ok(err instanceof RangeError, err.stack);
          assert.equal(err.code, 'ERR_INVALID_ARG_VALUE');
          assert.equal(err.message, 'unknown profile "azure-ad"; the profiles are rfc, entra, okta, onelogin, google, jumpcloud');
          return true;
        });
      }
      throwsType(() => applyPatch(BJENSEN, RENAME, { profile: 1 }), /options\.profile must be a string, not a number/);
      throwsType(() => new PatchRequest(RENAME, { profile: null }), /options\.profile must be a string, not null/);
      throwsType(() => new PatchRequest(RENAME, { profile: ['rfc'] }), /not an array/);
    });
  });

  describe('errors', () => {
    test('a failing operation is named by operation (0-based) and in the detail', () => {
      const patch = patchOf(
        { op: 'add', path: 'title', value: 'Boss' },
        { op: 'replace', path: 'nickName', value: 'Babs' },
        { op: 'replace', path: 'emails[type eq "fax"].value', value: 'x' },
      );
      const e = throwsScim(() => applyPatch(BJENSEN, patch), { scimType: 'noTarget', status: 400, operation: 2 });
      assert.match(e.detail, /^Operations\[2\]: /);
      assert.deepEqual(e.document, { schemas: [ERROR_URN], scimType: 'noTarget', detail: e.detail, status: '400' });
      assert.equal(e.rendered.split('\n')[0], `noTarget: ${e.detail}`);
      // Atomic: nothing of operations 0 and 1 is anywhere.
      assert.deepEqual(BJENSEN.title, undefined);
      // The same error from a PatchRequest, at apply time.
      throwsScim(() => new PatchRequest(patch).apply(BJENSEN), { scimType: 'noTarget', operation: 2, detail: e.detail });
    });

    test('a message is what a client sent: any JSON value, judged by the engine', () => {
      // A server may hand over the parsed body as it is: `[...]`, `null` or `42` is the client's
      // error (400), not the server's, exactly as the same body given as text is.
      for (const body of [RENAME.Operations, null, 42, true, [], {}]) {
        for (const patch of [body, JSON.stringify(body)]) {
          const e = throwsScim(() => applyPatch(BJENSEN, patch), { scimType: 'invalidSyntax', status: 400, operation: null });
          throwsScim(() => new PatchRequest(patch), { detail: e.detail });
        }
      }
    });

    test('a malformed message fails before any operation; its operations are still named', () => {
      throwsScim(() => applyPatch(BJENSEN, { Operations: RENAME.Operations }), { scimType: 'invalidSyntax', operation: null });
      throwsScim(() => new PatchRequest(patchOf()), { scimType: 'invalidSyntax', operation: null });
      throwsScim(() => new PatchRequest({ ...RENAME, Operations: {} }), { scimType: 'invalidSyntax', operation: null });
      const e = throwsScim(() => new PatchRequest(patchOf(RENAME.Operations[0], { op: 'move', path: 'x' })), {
        scimType: 'invalidSyntax',
        operation: 1,
      });
      assert.match(e.detail, /^Operations\[1\]: unknown op `move`/);
      throwsScim(() => new PatchRequest(patchOf({ op: 'add', path: 'title' })), { scimType: 'invalidValue', operation: 0 });
      throwsScim(() => new PatchRequest(patchOf({ op: 'remove' })), { scimType: 'noTarget', operation: 0 });
      throwsScim(() => new PatchRequest(patchOf({ op: 'remove', path: 'members', value: [] })), {
        scimType: 'invalidSyntax',
        operation: 0,
      });
    });

    test('spans are UTF-16 code units into the failing operation\'s path', () => {
      // Parse errors, when the message is read.
      const bad = 'emails[value eq "😀" and';
      const e = throwsScim(() => applyPatch(BJENSEN, patchOf(RENAME.Operations[0], { op: 'remove', path: bad })), {
        scimType: 'invalidPath',
        operation: 1,
      });
      assert.deepEqual([e.start, e.end], [bad.length, bad.length]);
      // Schema errors, when it is applied.
      const typo = 'emails[type eq "😀"].vaIue';
      const t = throwsScim(() => new PatchRequest(patchOf({ op: 'replace', path: typo, value: 'x' })).apply(BJENSEN), {
        scimType: 'invalidPath',
        operation: 0,
      });
      assert.deepEqual([t.start, t.end], [0, typo.length]);
      const filter = 'emails[display eq "😀" and primary eq "yes"].value';
      const f = throwsScim(() => applyPatch(BJENSEN, patchOf({ op: 'replace', path: filter, value: 'x' })), {
        scimType: 'invalidFilter',
        operation: 0,
      });
      assert.equal(filter.slice(f.start, f.end), '"yes"');
      // Errors about values have no span.
      throwsScim(() => applyPatch(BJENSEN, patchOf({ op: 'replace', path: 'active', value: 'yes' })), {
        scimType: 'invalidValue',
        start: null,
        end: null,
      });
    });

    test('readOnly and required attributes (mutability)', () => {
      throwsScim(() => applyPatch(BJENSEN, patchOf({ op: 'replace', path: 'id', value: 'x' })), { scimType: 'mutability', operation: 0 });
      throwsScim(() => applyPatch(BJENSEN, patchOf({ op: 'remove', path: 'userName' })), { scimType: 'mutability', operation: 0 });
      // Writing the value it already has is not a modification.
      const same = new PatchRequest(patchOf({ op: 'replace', value: { id: BJENSEN.id, active: true } })).apply(BJENSEN);
      assert.equal(same.changed, false);
    });
  });

  describe('PatchRequest', () => {
    test('read once, applied to many resources', () => {
      const req = new PatchRequest(patchOf({ op: 'add', path: 'title', value: 'Guide' }, { op: 'replace', path: 'active', value: false }));
      const results = USERS.map((u) => req.apply(u));
      // u05 spells every member name in its own case: the engine writes to the member there is.
      const get = (obj, name) => obj[Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase())];
      for (const [i, r] of results.entries()) {
        assert.deepEqual(Object.keys(r), ['resource', 'changed']);
        assert.equal(get(r.resource, 'title'), 'Guide', USERS[i].id);
        assert.equal(get(r.resource, 'active'), false);
        assert.equal(get(r.resource, 'id'), get(USERS[i], 'id'));
        assert.equal(r.changed, true);
        assertFresh(r.resource, USERS[i]);
      }
      assert.deepEqual(USERS, readJson('fixtures', 'users.json'), 'the fixtures are untouched');
      // Results are independent of one another and of the request.
      results[0].resource.title = 'changed by the caller';
      assert.equal(req.apply(USERS[0]).resource.title, 'Guide');
      // JSON text, and the result of one application fed to the next.
      const text = req.apply(JSON.stringify(USERS[0]));
      assert.deepEqual(text, req.apply(USERS[0]));
      assert.deepEqual(req.apply(text.resource), { resource: text.resource, changed: false });
    });

    test('changed is false exactly when nothing changed', () => {
      const add = new PatchRequest(
        patchOf({ op: 'add', path: 'emails', value: [{ type: 'work', value: 'BJENSEN@example.com', primary: true }] }),
      );
      // Already there (value is caseExact false): "SHALL NOT change the modify timestamp" (§3.5.2.1).
      assert.deepEqual(add.apply(BJENSEN), { resource: BJENSEN, changed: false });
      const remove = new PatchRequest(patchOf({ op: 'remove', path: 'members[value eq "nobody"]' }));
      assert.deepEqual(remove.apply(GROUP, { resourceType: 'Group' }), { resource: GROUP, changed: false });
      const real = remove.apply(GROUP, { resourceType: 'Group' });
      assert.notEqual(real.resource, GROUP);
    });

    test('the profile is the request\'s; apply takes resourceType and schemas only', () => {
      const req = new PatchRequest(patchOf({ op: 'Replace', path: 'active', value: 'False' }), { profile: 'entra' });
      assert.equal(req.apply(BJENSEN).resource.active, false);
      assert.equal(req.apply(BJENSEN, { resourceType: 'User', schemas: new Schemas() }).changed, true);
      throwsType(() => req.apply(BJENSEN, { profile: 'rfc' }), /unknown option `profile`; the options are resourceType, schemas/);
      throwsType(() => new PatchRequest(RENAME, { resourceType: 'User' }), /unknown option `resourceType`; the options are profile/);
      throwsScim(() => new PatchRequest(patchOf({ op: 'Replace', path: 'active', value: 'False' })).apply(BJENSEN), {
        scimType: 'invalidValue',
      });
    });
  });

  describe('arguments', () => {
    test('wrong types are TypeErrors', () => {
      throwsType(() => applyPatch(), /resource must be an object or a JSON string, not undefined/);
      throwsType(() => applyPatch(null, RENAME), /resource must be .* not null/);
      throwsType(() => applyPatch([BJENSEN], RENAME), /resource must be .* not an array/);
      throwsType(() => applyPatch(42, RENAME), /not a number/);
      throwsType(() => applyPatch(BJENSEN), /^patch must be a PatchOp message \(an object\) or its JSON text, not undefined$/);
      throwsType(() => new PatchRequest(), /patch must be a PatchOp message/);
      throwsType(() => new PatchRequest(() => RENAME), /^patch is a function, which is not a JSON value$/);
      throwsType(() => new PatchRequest(Symbol('patch')), /^patch is a symbol/);
      throwsType(() => new PatchRequest(RENAME).apply(), /resource must be .* not undefined/);
      throwsType(() => applyPatch(BJENSEN, RENAME, 'User'), /options must be an object, not a string/);
      throwsType(() => applyPatch(BJENSEN, RENAME, { resource_type: 'User' }), /unknown option `resource_type`; the options are resourceType, profile, schemas/);
      throwsType(() => applyPatch(BJENSEN, RENAME, { resourceType: null }), /options\.resourceType must be a string, not null \(PATCH needs the schema\)/);
      throwsType(() => applyPatch(BJENSEN, RENAME, { resourceType: 1 }), /not a number/);
      throwsType(() => new PatchRequest(RENAME).apply(BJENSEN, { resourceType: null }), /must be a string, not null/);
      throwsType(() => applyPatch(BJENSEN, RENAME, { schemas: {} }), /options\.schemas must be a Schemas instance/);
      // undefined and null options, undefined members: the defaults.
      for (const opts of [undefined, null, {}, { resourceType: undefined, profile: undefined, schemas: undefined }, { schemas: null }]) {
        assert.deepEqual(applyPatch(BJENSEN, RENAME, opts), RENAMED);
      }
      assert.deepEqual(new PatchRequest(RENAME, null).apply(BJENSEN, null).resource, RENAMED);
    });

    test('values that are not JSON are TypeErrors naming where they are', () => {
      const cyclic = structuredClone(BJENSEN);
      cyclic.emails[1].owner = cyclic;
      const cases = [
        [{ ...BJENSEN, x: () => 1 }, /^resource\.x is a function, which is not a JSON value$/],
        [{ ...BJENSEN, x: Symbol('s') }, /resource\.x is a symbol/],
        [{ ...BJENSEN, x: 10n }, /resource\.x is a bigint/],
        [{ ...BJENSEN, x: NaN }, /resource\.x is NaN/],
        [{ ...BJENSEN, x: [1, Infinity] }, /resource\.x\[1\] is Infinity/],
        [{ ...BJENSEN, 'a b': { c: -Infinity } }, /resource\["a b"\]\.c is -Infinity/],
        [{ ...BJENSEN, meta: { created: new Date() } }, /resource\.meta\.created is a Date, which is not a JSON value \(give dates as ISO 8601 strings\)/],
        [{ ...BJENSEN, x: Buffer.from('x') }, /resource\.x is a typed array or Buffer/],
        [{ ...BJENSEN, x: new Uint8Array(1) }, /typed array/],
        [{ ...BJENSEN, x: new ArrayBuffer(1) }, /an ArrayBuffer/],
        [{ ...BJENSEN, x: new DataView(new ArrayBuffer(1)) }, /a DataView/],
        [{ ...BJENSEN, x: 'a\ud800b' }, /resource\.x is a string with a lone surrogate/],
        [{ ...BJENSEN, ['\udfff']: 'x' }, /^resource has a member name with a lone surrogate/],
        [cyclic, /^resource\.emails\[1\]\.owner refers back to resource: a cycle/],
      ];
      for (const [resource, re] of cases) {
        throwsType(() => applyPatch(resource, RENAME), re);
        throwsType(() => new PatchRequest(RENAME).apply(resource), re);
      }
      const self = { a: [] };
      self.a.push(self.a);
      throwsType(() => applyPatch({ ...BJENSEN, self }, RENAME), /resource\.self\.a\[0\] refers back to resource\.self\.a/);
      throwsType(
        () => applyPatch(BJENSEN, patchOf({ op: 'add', path: 'title', value: () => 'x' })),
        /^patch\.Operations\[0\]\.value is a function/,
      );
      throwsType(() => new PatchRequest(patchOf({ op: 'add', path: 'title', value: 1n })), /patch\.Operations\[0\]\.value is a bigint/);
      // A value shared by two members is not a cycle.
      const shared = { type: 'work', value: 'x@example.com' };
      assert.deepEqual(applyPatch({ ...BJENSEN, emails: [shared, shared] }, RENAME).emails.slice(0, 2), [shared, shared]);
    });

    test('JSON values come through exactly, as JSON.parse(JSON.stringify(v)) would give them', () => {
      const odd = {
        a: [1, [2, [3]], null, true, false, 'ü😀', {}, [], ''],
        n: { big: 2 ** 60, max: Number.MAX_VALUE, tiny: 5e-324, neg: -(2 ** 63), half: 0.5, zero: -0 },
        '': 'empty name',
        'a\u0000b': 'NUL in a name',
        '😀': { '__proto__': { own: true } },
        holes: [, undefined, 1], // eslint-disable-line no-sparse-arrays
        gone: undefined,
        [Symbol('ignored')]: 1,
      };
      Object.defineProperty(odd, 'hidden', { value: 1, enumerable: false });
      Object.defineProperty(odd['😀'], '__proto__', { value: { own: true }, enumerable: true });
      const resource = { ...BJENSEN, odd };
      const want = JSON.parse(JSON.stringify({ ...BJENSEN, odd, title: 'T' }));
      assert.deepEqual(Object.keys(want.odd['😀']), ['__proto__']);
      const patch = patchOf({ op: 'add', path: 'title', value: 'T' });
      const out = applyPatch(resource, patch);
      assert.deepEqual(out, want);
      assert.ok(Object.is(out.odd.n.zero, 0), '-0 is 0, as in JSON');
      assert.equal(Object.getPrototypeOf(out.odd['😀']), Object.prototype);
      assert.deepEqual(Object.getOwnPropertyDescriptor(out.odd['😀'], '__proto__').value, { own: true });
      assert.deepEqual(applyPatch(JSON.stringify(resource), patch), want, 'and from JSON text');
      // Values in the message come through too.
      const value = { formatted: 'ü😀\u0000', primary: true, country: undefined };
      const added = applyPatch(BJENSEN, patchOf({ op: 'add', path: 'addresses', value: [value] }));
      assert.deepEqual(added.addresses, [{ formatted: 'ü😀\u0000', primary: true }]);
    });

    test('objects are read as for filters: own enumerable members, proxies, getters', () => {
      class User {
        constructor() {
          this.userName = 'own';
        }
        get title() {
          return 'inherited getter: not a member';
        }
      }
      assert.deepEqual(applyPatch(new User(), patchOf({ op: 'add', path: 'nickName', value: 'n' })), { userName: 'own', nickName: 'n' });
      const reactive = (v) => (v && typeof v === 'object' ? new Proxy(v, { get: (t, k, r) => reactive(Reflect.get(t, k, r)) }) : v);
      assert.deepEqual(applyPatch(reactive(structuredClone(BJENSEN)), reactive(structuredClone(RENAME))), RENAMED);
      const boom = new Error('boom');
      const user = {
        get userName() {
          throw boom;
        },
      };
      assert.throws(() => applyPatch(user, RENAME), (e) => e === boom);
      const patch = {
        schemas: [PATCH_OP],
        get Operations() {
          throw boom;
        },
      };
      assert.throws(() => new PatchRequest(patch), (e) => e === boom);
      Object.prototype.title = 'polluted';
      try {
        assert.equal(applyPatch(BJENSEN, patchOf({ op: 'add', path: 'nickName', value: 'n' })).title, 'polluted', 'inherited, not own');
        assert.equal(Object.hasOwn(applyPatch(BJENSEN, RENAME), 'title'), false);
      } finally {
        delete Object.prototype.title;
      }
      Object.defineProperty(Object.prototype, 'nickName', {
        set() {
          throw new Error('an inherited setter is never run');
        },
        configurable: true,
      });
      try {
        assert.equal(applyPatch(BJENSEN, patchOf({ op: 'add', path: 'nickName', value: 'n' })).nickName, 'n');
      } finally {
        delete Object.prototype.nickName;
      }
    });

    test('nesting: 127 levels like JSON text, deeper is a ScimError (invalidSyntax)', () => {
      const nested = (levels) => {
        const root = { ...BJENSEN };
        let at = root;
        for (let i = 1; i < levels; i++) at = at.x = {};
        return root;
      };
      for (const [levels, ok] of [[127, true], [128, false], [1_000, false]]) {
        for (const resource of [nested(levels), JSON.stringify(nested(levels))]) {
          if (ok) assert.equal(applyPatch(resource, RENAME).userName, 'bjensen');
          else throwsScim(() => applyPatch(resource, RENAME), { scimType: 'invalidSyntax', status: 400, operation: null });
        }
      }
      // Far deeper than JSON.stringify can go: still no native stack overflow.
      throwsScim(() => applyPatch(nested(1_000_000), RENAME), { scimType: 'invalidSyntax' });
      const deepValue = patchOf({ op: 'add', path: 'title', value: nested(200) });
      throwsScim(() => new PatchRequest(deepValue), { scimType: 'invalidSyntax' });
    });

    test('random messages either apply or throw a ScimError', () => {
      const ops = ['add', 'Remove', 'replace', 'REPLACE', 'move', 1, null];
      const paths = ['title', 'name.givenName', 'emails', 'emails[type eq "work"]', 'emails[type eq "work"].value', 'emails.value', 'members', 'id', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', 'nope', 'emails[', '', null, 42, undefined];
      const values = [undefined, null, 'x', 1, true, [], {}, [{ value: 'v', type: 'work' }], { givenName: 'g' }, { value: '7' }, 'False', ['a'], [null]];
      let seed = 7;
      const rand = (n) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      const user = deepFreeze(structuredClone(USERS[0]));
      for (let i = 0; i < 1_500; i++) {
        const Operations = Array.from({ length: 1 + rand(3) }, () => {
          const op = { op: ops[rand(ops.length)], path: paths[rand(paths.length)], value: values[rand(values.length)] };
          if (op.path === undefined) delete op.path;
          if (op.value === undefined) delete op.value;
          return op;
        });
        const profile = PROFILES[rand(PROFILES.length)];
        try {
          const out = applyPatch(user, { schemas: [PATCH_OP], Operations }, { profile });
          assertFresh(out, user);
        } catch (e) {
          assert.equal(e.name, 'ScimError', `${JSON.stringify(Operations)}: ${e.stack}`);
          assert.ok(e.operation === null || (e.operation >= 0 && e.operation < Operations.length));
        }
      }
    });
  });
});
