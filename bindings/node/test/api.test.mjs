// The Node API beyond the shared vectors: options, input forms, errors, schemas, the compile
// cache, in-place evaluation and hostile input. The contract is bindings/README.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { TESTDATA } from '../../js-test/vectors.mjs';

const { Filter, PatchPath, Schemas } = createRequire(import.meta.url)('../index.js');

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
    assert.deepEqual(Object.keys(e).sort(), ['detail', 'document', 'end', 'rendered', 'scimType', 'start', 'status']);
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
    assert.deepEqual(s.schemaIds(), [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
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
    assert.equal(s.schemaIds().length, 3);
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
    // No napi getters: `text` is an own data property (napi-rs getters do not check `this`).
    for (const cls of [Filter, PatchPath, Schemas]) {
      for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))) {
        assert.equal(d.get, undefined, `${cls.name}.${name} is a getter`);
      }
    }
  });
});
