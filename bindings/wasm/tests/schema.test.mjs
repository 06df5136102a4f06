// The schema engine's API beyond the shared vectors, against the Node build (pkg/node):
// validate, project, sort, the service provider documents and listResponse — options, input
// forms, errors, in-place reading. The contract is bindings/README.md ("Validation, projection,
// sorting, documents"); the checks and messages are the Node addon's
// (bindings/node/test/schema.test.mjs holds the addon to the same assertions).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { Schemas, listResponse, project, serviceProviderConfig, sort, validate } from './api.mjs';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

const BJENSEN = {
  schemas: [USER_URN, ENTERPRISE_URN],
  id: '2819c223',
  userName: 'bjensen',
  password: 't1meMa$heen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [
    { type: 'work', value: 'bjensen@example.com', primary: true, display: 'Work' },
    { type: 'home', value: 'babs@jensen.org' },
  ],
  [ENTERPRISE_URN]: { employeeNumber: '701984', department: 'Tour Operations' },
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z' },
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
  assert.equal(caught.operation, null);
  return caught;
}

/** Asserts that `fn` throws a TypeError (`ERR_INVALID_ARG_TYPE`) whose message matches `re`. */
function throwsType(fn, re) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof TypeError, `a TypeError: ${err && err.stack}`);
    assert.equal(err.code, 'ERR_INVALID_ARG_TYPE');
    if (re) assert.match(err.message, re);
    return true;
  });
}

/** Asserts that `fn` throws a RangeError with `code` whose message matches `re`. */
function throwsRange(fn, code, re) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof RangeError, `a RangeError: ${err && err.stack}`);
    assert.equal(err.code, code);
    if (re) assert.match(err.message, re);
    return true;
  });
}

/** A registry with a `Device` resource type: `serial` immutable, `label` required. */
function deviceSchemas() {
  const schemas = new Schemas();
  schemas.load([
    {
      schemas: [SCHEMA_URN],
      id: 'urn:example:Device',
      name: 'Device',
      attributes: [
        { name: 'serial', type: 'string', mutability: 'immutable', caseExact: true },
        { name: 'label', type: 'string', required: true },
        { name: 'ports', type: 'integer' },
        { name: 'secret', type: 'string', returned: 'never', mutability: 'writeOnly' },
        { name: 'color', type: 'string', canonicalValues: ['red', 'green'] },
      ],
    },
    { schemas: [RESOURCE_TYPE_URN], id: 'Device', name: 'Device', endpoint: '/Devices', schema: 'urn:example:Device' },
  ]);
  return schemas;
}

/** Asserts that `v` and everything in it are plain objects and arrays none of which is in `input`. */
function assertFresh(v, input) {
  const seen = new Set();
  const collect = (x) => {
    if (x === null || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    Object.values(x).forEach(collect);
  };
  collect(input);
  const check = (x) => {
    if (x === null || typeof x !== 'object') return;
    assert.ok(!seen.has(x), 'a value of the input is reused');
    assert.ok(Array.isArray(x) || Object.getPrototypeOf(x) === Object.prototype);
    Object.values(x).forEach(check);
  };
  check(v);
}

describe('validate', () => {
  test('creates: names and canonical values in the schema spelling, readOnly values dropped', () => {
    const body = {
      schemas: [USER_URN],
      id: 'chosen-by-the-client',
      USERNAME: 'bjensen',
      emails: [{ value: 'b@example.com', type: 'Work' }],
      nickName: null,
    };
    const before = structuredClone(body);
    const out = validate(body);
    assert.deepEqual(Object.keys(out).sort(), ['dropped', 'resource']);
    assert.deepEqual(out.resource, {
      schemas: [USER_URN],
      userName: 'bjensen',
      emails: [{ value: 'b@example.com', type: 'work' }],
    });
    assert.deepEqual(out.dropped, ['id']);
    assert.deepEqual(body, before, 'the body given is not modified');
    assertFresh(out, body);
    assert.deepEqual(validate(JSON.stringify(body)), out, 'JSON text gives the same');
    assert.deepEqual(validate(body, {}), out);
    assert.deepEqual(validate(body, null), out);
    assert.deepEqual(validate(body, { mode: 'create', resourceType: 'user', schemas: null }), out);
  });

  test('extension attributes, URN-qualified or nested, come out under their URN', () => {
    const body = {
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'bjensen',
      [`${ENTERPRISE_URN}:employeeNumber`]: '701984',
      [`${USER_URN}:displayName`]: 'Babs',
    };
    const { resource, dropped } = validate(body);
    assert.deepEqual(resource, {
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'bjensen',
      displayName: 'Babs',
      [ENTERPRISE_URN]: { employeeNumber: '701984' },
    });
    assert.deepEqual(dropped, []);
  });

  test('modes: create, replace, patch-result, response (case-insensitive, _ for -)', () => {
    const stored = { ...BJENSEN, password: undefined };
    const create = validate(BJENSEN);
    assert.deepEqual(create.dropped.sort(), ['id', 'meta']);
    assert.equal(create.resource.password, 't1meMa$heen', 'writeOnly values are accepted in a request');
    const replace = validate(BJENSEN, { mode: 'replace', existing: stored });
    assert.deepEqual(replace.resource, create.resource);
    for (const mode of ['patch-result', 'Patch_Result', 'PATCH-RESULT']) {
      const out = validate(BJENSEN, { mode });
      assert.deepEqual(out.dropped, []);
      assert.equal(out.resource.id, '2819c223');
      assert.deepEqual(out.resource.meta, BJENSEN.meta);
    }
    // A response must not carry `password` (returned: never) and must have an `id`.
    throwsScim(() => validate(BJENSEN, { mode: 'response' }), { scimType: 'invalidValue', status: 400 });
    const { password, ...response } = BJENSEN;
    assert.equal(validate(response, { mode: 'Response' }).resource.id, '2819c223');
    const { id, ...noId } = response;
    throwsScim(() => validate(noId, { mode: 'response' }), { scimType: 'invalidValue' });
  });

  test('replace checks immutable attributes against `existing` (an object or JSON text)', () => {
    const schemas = deviceSchemas();
    const existing = { schemas: ['urn:example:Device'], id: 'd1', serial: 'SN-1', label: 'Rack' };
    const body = { schemas: ['urn:example:Device'], serial: 'SN-2', label: 'Rack' };
    const opts = { resourceType: 'Device', schemas, mode: 'replace' };
    for (const form of [existing, JSON.stringify(existing)]) {
      const e = throwsScim(() => validate(body, { ...opts, existing: form }), { scimType: 'mutability', status: 400 });
      assert.match(e.detail, /serial/);
      assert.deepEqual(validate({ ...body, serial: 'SN-1' }, { ...opts, existing: form }).resource, {
        schemas: ['urn:example:Device'],
        serial: 'SN-1',
        label: 'Rack',
      });
    }
    // Without `existing` (or when creating) there is nothing to compare with.
    assert.equal(validate(body, opts).resource.serial, 'SN-2');
    assert.equal(validate(body, { ...opts, mode: 'create', existing }).resource.serial, 'SN-2');
    assert.deepEqual(existing, { schemas: ['urn:example:Device'], id: 'd1', serial: 'SN-1', label: 'Rack' });
  });

  test('unknownAttributes: reject (default) or drop, case-insensitive', () => {
    const body = { schemas: [USER_URN], userName: 'b', shoeSize: 44, name: { nickname: 'x', givenName: 'B' } };
    const e = throwsScim(() => validate(body), { scimType: 'invalidSyntax', status: 400 });
    assert.match(e.detail, /shoeSize/);
    throwsScim(() => validate(body, { unknownAttributes: 'reject' }), { scimType: 'invalidSyntax' });
    for (const unknownAttributes of ['drop', 'DROP', 'Drop']) {
      const out = validate(body, { unknownAttributes });
      assert.deepEqual(out.resource, { schemas: [USER_URN], userName: 'b', name: { givenName: 'B' } });
      assert.deepEqual(out.dropped.sort(), ['name.nickname', 'shoeSize']);
    }
  });

  test('canonicalValues: enforced by default, switchable off', () => {
    const schemas = deviceSchemas();
    const body = { schemas: ['urn:example:Device'], label: 'x', color: 'RED' };
    const opts = { resourceType: 'Device', schemas };
    assert.equal(validate(body, opts).resource.color, 'red', 'in the schema spelling');
    throwsScim(() => validate({ ...body, color: 'blue' }, opts), { scimType: 'invalidValue' });
    assert.equal(validate({ ...body, color: 'blue' }, { ...opts, canonicalValues: false }).resource.color, 'blue');
    throwsScim(() => validate({ ...body, color: 'blue' }, { ...opts, canonicalValues: true }), { scimType: 'invalidValue' });
  });

  test('a body that is not an object is a ScimError (invalidSyntax), as its JSON text is', () => {
    for (const body of [[], [BJENSEN], null, 42, true, 'not json', '[1]', 'null', '"text"']) {
      throwsScim(() => validate(body), { scimType: 'invalidSyntax', status: 400, start: null, end: null });
    }
    const e = throwsScim(() => validate('{"userName": '), { scimType: 'invalidSyntax', status: 400 });
    assert.match(e.detail, /not valid JSON/);
    assert.equal(e.document.scimType, 'invalidSyntax');
  });

  test('errors: types, required attributes, unknown resource types', () => {
    throwsScim(() => validate({ schemas: [USER_URN], userName: 42 }), { scimType: 'invalidValue' });
    throwsScim(() => validate({ schemas: [USER_URN] }), { scimType: 'invalidValue' }); // userName is required
    throwsScim(() => validate({ userName: 'b' }), { scimType: 'invalidSyntax' }); // no schemas
    throwsScim(() => validate({ schemas: [GROUP_URN], displayName: 'g' }), { scimType: 'invalidSyntax' });
    assert.deepEqual(validate({ schemas: [GROUP_URN], displayName: 'g' }, { resourceType: 'Group' }).resource, {
      schemas: [GROUP_URN],
      displayName: 'g',
    });
    const e = throwsScim(() => validate({}, { resourceType: 'Widget' }), { scimType: null, status: 400 });
    assert.match(e.detail, /unknown resource type `Widget`/);
  });

  test('bad arguments: TypeErrors and RangeErrors', () => {
    throwsType(() => validate(), /resource must be a JSON value \(an object\) or its JSON text, not undefined/);
    throwsType(() => validate(() => {}), /resource is a function/);
    throwsType(() => validate({ meta: { created: new Date() } }), /resource\.meta\.created is a Date/);
    const cyclic = { schemas: [USER_URN] };
    cyclic.self = cyclic;
    throwsType(() => validate(cyclic), /cycle/);
    throwsType(() => validate({}, 'create'), /options must be an object, not a string/);
    throwsType(() => validate({}, []), /options must be an object, not an array/);
    throwsType(() => validate({}, { Mode: 'create' }), /unknown option `Mode`; the options are resourceType, mode, existing, unknownAttributes, canonicalValues, schemas/);
    throwsType(() => validate({}, { mode: 1 }), /options\.mode must be a string, not a number/);
    throwsType(() => validate({}, { mode: null }), /options\.mode must be a string, not null/);
    throwsRange(() => validate({}, { mode: 'update' }), 'ERR_INVALID_ARG_VALUE', /options\.mode must be one of create, replace, patch-result, response, not "update"/);
    throwsType(() => validate({}, { resourceType: null }), /options\.resourceType must be a string, not null/);
    throwsType(() => validate({}, { unknownAttributes: false }), /options\.unknownAttributes must be a string/);
    throwsRange(() => validate({}, { unknownAttributes: 'ignore' }), 'ERR_INVALID_ARG_VALUE', /must be one of reject, drop, not "ignore"/);
    throwsType(() => validate({}, { canonicalValues: 'yes' }), /options\.canonicalValues must be a boolean, not a string/);
    throwsType(() => validate({}, { existing: null }), /options\.existing must be an object or a JSON string, not null/);
    throwsType(() => validate({}, { existing: [] }), /options\.existing must be an object or a JSON string, not an array/);
    throwsType(() => validate({}, { existing: { d: new Date() } }), /options\.existing\.d is a Date/);
    throwsScim(() => validate({}, { existing: '{' }), { scimType: 'invalidSyntax' });
    throwsType(() => validate({}, { schemas: {} }), /options\.schemas must be a Schemas instance/);
    // Options are checked before the body is read.
    throwsType(() => validate('{', { mode: 2 }), /options\.mode/);
  });

  test('a getter that throws propagates; undefined members are absent', () => {
    const body = { schemas: [USER_URN], userName: 'b', title: undefined };
    assert.deepEqual(validate(body).resource, { schemas: [USER_URN], userName: 'b' });
    const boom = Object.defineProperty({ schemas: [USER_URN] }, 'userName', {
      enumerable: true,
      get() {
        throw new EvalError('boom');
      },
    });
    assert.throws(() => validate(boom), EvalError);
  });
});

describe('project', () => {
  test('attributes: only those, plus the ones always returned; never `password`', () => {
    const before = structuredClone(BJENSEN);
    const out = project(BJENSEN, { attributes: ['name.givenName', 'emails.value'] });
    assert.deepEqual(out, {
      schemas: [USER_URN, ENTERPRISE_URN],
      id: '2819c223',
      name: { givenName: 'Barbara' },
      emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }],
    });
    assert.deepEqual(BJENSEN, before);
    assertFresh(out, BJENSEN);
    assert.deepEqual(project(BJENSEN, { attributes: 'name.givenName, emails.value' }), out, 'a comma-separated string');
    assert.deepEqual(project(JSON.stringify(BJENSEN), { attributes: ['NAME.GIVENNAME', 'emails.value'] }), out);
    assert.deepEqual(project(BJENSEN, { attributes: [`${USER_URN}:name.givenName`, 'emails.value'] }), out);
  });

  test('no lists: the default set; excludedAttributes removes from it', () => {
    const { password, ...returned } = BJENSEN;
    assert.deepEqual(project(BJENSEN), returned);
    assert.deepEqual(project(BJENSEN, {}), returned);
    assert.deepEqual(project(BJENSEN, { attributes: [], excludedAttributes: ' , ' }), returned, 'empty names are ignored');
    const out = project(BJENSEN, { excludedAttributes: ['emails.display', ENTERPRISE_URN, 'id'] });
    assert.equal(out.id, '2819c223', 'id is always returned');
    assert.equal(out[ENTERPRISE_URN], undefined);
    assert.deepEqual(out.emails[0], { type: 'work', value: 'bjensen@example.com', primary: true });
    assert.deepEqual(project(BJENSEN, { excludedAttributes: 'emails.display,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' }), out);
  });

  test('extension attributes and other resource types', () => {
    assert.deepEqual(project(BJENSEN, { attributes: `${ENTERPRISE_URN}:employeeNumber` }), {
      schemas: BJENSEN.schemas,
      id: '2819c223',
      [ENTERPRISE_URN]: { employeeNumber: '701984' },
    });
    const group = { schemas: [GROUP_URN], id: 'g1', displayName: 'Tour Guides', members: [{ value: '1', display: 'B' }] };
    assert.deepEqual(project(group, { resourceType: 'Group', attributes: 'displayName' }), {
      schemas: [GROUP_URN],
      id: 'g1',
      displayName: 'Tour Guides',
    });
    const schemas = deviceSchemas();
    const device = { schemas: ['urn:example:Device'], id: 'd', label: 'x', secret: 's', ports: 4 };
    assert.deepEqual(project(device, { resourceType: 'Device', schemas, excludedAttributes: 'ports' }), {
      schemas: ['urn:example:Device'],
      id: 'd',
      label: 'x',
    });
  });

  test('errors: unknown names, both lists, unknown resource types', () => {
    const e = throwsScim(() => project(BJENSEN, { attributes: 'shoeSize' }), { scimType: 'invalidValue', status: 400 });
    assert.match(e.detail, /shoeSize/);
    throwsScim(() => project(BJENSEN, { attributes: 'userName', excludedAttributes: 'title' }), { scimType: 'invalidValue' });
    throwsScim(() => project(BJENSEN, { attributes: 'emails[type eq "work"]' }), { scimType: 'invalidValue' });
    throwsScim(() => project(BJENSEN, { resourceType: 'Widget' }), { scimType: null, status: 400 });
    throwsScim(() => project('{', {}), { scimType: 'invalidSyntax' });
  });

  test('bad arguments are TypeErrors', () => {
    for (const bad of [[], null, 42, undefined]) throwsType(() => project(bad), /resource must be an object or a JSON string/);
    throwsType(() => project({ d: new Date() }), /resource\.d is a Date/);
    throwsType(() => project({}, { attributes: 1 }), /options\.attributes must be an array of names or a comma-separated string, not a number/);
    throwsType(() => project({}, { excludedAttributes: null }), /options\.excludedAttributes must be an array of names or a comma-separated string, not null/);
    throwsType(() => project({}, { attributes: ['userName', 2] }), /options\.attributes\[1\] must be a string, not a number/);
    throwsType(() => project({}, { attribute: 'userName' }), /unknown option `attribute`; the options are resourceType, attributes, excludedAttributes, schemas/);
    throwsType(() => project({}, { resourceType: 1 }), /options\.resourceType must be a string/);
  });
});

describe('sort', () => {
  const users = [
    { id: '1', userName: 'bjensen', name: { familyName: 'Jensen' }, meta: { created: '2011-05-13T04:42:34Z' } },
    { id: '2', meta: { created: '2010-01-23T04:56:22Z' } },
    { id: '3', userName: 'Alice', name: { familyName: 'smith' }, meta: { created: '2011-05-13T06:42:34+02:00' } },
    { id: '4', userName: 'carol', name: { familyName: 'Adams' } },
  ];
  const ids = (list) => list.map((u) => (typeof u === 'string' ? JSON.parse(u).id : u.id));

  test('a new array of the very values given, in order; the input keeps its order', () => {
    const input = [...users];
    const out = sort(input, 'userName');
    assert.deepEqual(ids(out), ['3', '1', '4', '2'], 'case-insensitive; no value last');
    assert.notEqual(out, input);
    for (const u of out) assert.ok(users.includes(u));
    assert.equal(out[0], users[2]);
    assert.deepEqual(input, users);
    for (let i = 0; i < users.length; i++) assert.equal(input[i], users[i]);
  });

  test('sortOrder: ascending (default) or descending, case-insensitive', () => {
    assert.deepEqual(ids(sort(users, 'userName', { sortOrder: 'ascending' })), ['3', '1', '4', '2']);
    for (const sortOrder of ['descending', 'DESCENDING', 'Descending']) {
      assert.deepEqual(ids(sort(users, 'userName', { sortOrder })), ['2', '4', '1', '3'], 'the exact reverse');
    }
    assert.deepEqual(ids(sort(users, 'name.familyName')), ['4', '1', '3', '2']);
    // dateTimes compare as instants: users 1 and 3 were created at the same instant (stable).
    assert.deepEqual(ids(sort(users, 'meta.created')), ['2', '1', '3', '4']);
  });

  test('JSON text, and a mix of objects and text; the strings come back as given', () => {
    const texts = users.map((u) => JSON.stringify(u));
    const out = sort(texts, 'userName');
    assert.deepEqual(ids(out), ['3', '1', '4', '2']);
    for (const t of out) assert.equal(typeof t, 'string');
    const mixed = [users[0], texts[1], users[2], texts[3]];
    const sorted = sort(mixed, 'userName');
    assert.deepEqual(ids(sorted), ['3', '1', '4', '2']);
    assert.equal(sorted[0], users[2]);
    assert.equal(sorted[2], texts[3]);
    throwsScim(() => sort([users[0], '{'], 'userName'), { scimType: 'invalidSyntax' });
  });

  test('multi-valued attributes sort by the primary value, then the first; extensions; stable', () => {
    const people = [
      { id: 'a', emails: [{ value: 'z@x' }, { value: 'b@x', primary: true }], [ENTERPRISE_URN]: { employeeNumber: '9' } },
      { id: 'b', emails: [{ value: 'a@x' }], [ENTERPRISE_URN]: { employeeNumber: '10' } },
      { id: 'c', emails: [{ value: 'c@x' }] },
      { id: 'd', emails: [{ value: 'A@X' }] },
    ];
    assert.deepEqual(ids(sort(people, 'emails')), ['b', 'd', 'a', 'c'], 'stable among equal keys');
    assert.deepEqual(ids(sort(people, 'emails.value', { sortOrder: 'descending' })), ['c', 'a', 'b', 'd']);
    assert.deepEqual(ids(sort(people, 'employeeNumber')), ['b', 'a', 'c', 'd']);
    assert.deepEqual(ids(sort(people, `${ENTERPRISE_URN}:employeeNumber`)), ['b', 'a', 'c', 'd']);
    assert.deepEqual(sort([], 'userName'), []);
  });

  test('objects are read in place: only the attribute sorted by is read', () => {
    const touched = [];
    const spy = (u) =>
      new Proxy(u, {
        get(t, k, r) {
          touched.push(String(k));
          return Reflect.get(t, k, r);
        },
      });
    const out = sort(users.map(spy), 'userName');
    assert.deepEqual(ids(out), ['3', '1', '4', '2']);
    assert.ok(!touched.includes('name') && !touched.includes('meta'), touched.join(' '));
    const boom = Object.defineProperty({ id: 'x' }, 'userName', {
      enumerable: true,
      get() {
        throw new EvalError('boom');
      },
    });
    assert.throws(() => sort([users[0], boom], 'userName'), EvalError);
    const poisoned = Object.defineProperty({ id: 'y', userName: 'a' }, 'title', {
      enumerable: true,
      get() {
        throw new EvalError('not read');
      },
    });
    assert.equal(sort([users[0], poisoned], 'userName')[0], poisoned);
    // A Proxy of an array (Vue, MobX, Immer) is an array.
    assert.deepEqual(ids(sort(new Proxy([...users], {}), 'userName')), ['3', '1', '4', '2']);
  });

  test('errors: what cannot be sorted by', () => {
    throwsScim(() => sort(users, 'shoeSize'), { scimType: 'invalidValue', status: 400 });
    const e = throwsScim(() => sort(users, 'name'), { scimType: 'invalidValue' });
    assert.match(e.detail, /sub-attributes/);
    throwsScim(() => sort(users, 'emails[type eq "work"]'), { scimType: 'invalidValue' });
    throwsScim(() => sort(users, 'userName', { resourceType: 'Widget' }), { scimType: null, status: 400 });
    const groups = [
      { id: 'g2', displayName: 'b' },
      { id: 'g1', displayName: 'A' },
    ];
    assert.deepEqual(ids(sort(groups, 'displayName', { resourceType: 'Group' })), ['g1', 'g2']);
    throwsScim(() => sort(groups, 'members.value'), { scimType: 'invalidValue' }); // Users have no members
  });

  test('bad arguments: TypeErrors and RangeErrors', () => {
    throwsType(() => sort({}, 'userName'), /resources must be an array, not an object/);
    throwsType(() => sort('[]', 'userName'), /resources must be an array, not a string/);
    throwsType(() => sort(undefined, 'userName'), /resources must be an array, not undefined/);
    throwsType(() => sort([{}, 42], 'userName'), /resources\[1\] must be an object or a JSON string, not a number/);
    throwsType(() => sort([[]], 'userName'), /resources\[0\] must be an object or a JSON string, not an array/);
    throwsType(() => sort(users), /sortBy must be a string, not undefined/);
    throwsType(() => sort(users, ['userName']), /sortBy must be a string, not an array/);
    throwsType(() => sort(users, 'userName', { order: 'descending' }), /unknown option `order`; the options are sortOrder, resourceType, schemas/);
    throwsType(() => sort(users, 'userName', { sortOrder: -1 }), /options\.sortOrder must be a string, not a number/);
    throwsRange(() => sort(users, 'userName', { sortOrder: 'desc' }), 'ERR_INVALID_ARG_VALUE', /options\.sortOrder must be one of ascending, descending, not "desc"/);
    throwsType(() => sort(users, 'userName', { resourceType: null }), /options\.resourceType must be a string, not null/);
  });
});

describe('documents', () => {
  test('schemasDocument and resourceTypesDocument follow the registry', () => {
    const schemas = deviceSchemas();
    const doc = schemas.schemasDocument('https://example.com/scim/v2/');
    assert.deepEqual(
      doc.Resources.map((s) => s.id),
      schemas.schemaIds(),
    );
    const device = doc.Resources.at(-1);
    assert.deepEqual(device.meta, { resourceType: 'Schema', location: 'https://example.com/scim/v2/Schemas/urn:example:Device' });
    assert.deepEqual(device.attributes[0], {
      name: 'serial',
      type: 'string',
      multiValued: false,
      required: false,
      caseExact: true,
      mutability: 'immutable',
      returned: 'default',
      uniqueness: 'none',
    });
    const types = schemas.resourceTypesDocument();
    assert.deepEqual(types.Resources.at(-1), {
      schemas: [RESOURCE_TYPE_URN],
      id: 'Device',
      name: 'Device',
      endpoint: '/Devices',
      schema: 'urn:example:Device',
      meta: { resourceType: 'ResourceType', location: '/ResourceTypes/Device' },
    });
    assert.notEqual(schemas.schemasDocument(), schemas.schemasDocument(), 'a new object each time');
    const empty = Schemas.empty();
    assert.deepEqual([empty.schemasDocument().totalResults, empty.resourceTypesDocument().Resources], [0, []]);
  });

  test('baseUrl is a string, undefined or null', () => {
    const schemas = new Schemas();
    assert.deepEqual(schemas.schemasDocument(null), schemas.schemasDocument());
    assert.deepEqual(schemas.resourceTypesDocument(undefined), schemas.resourceTypesDocument());
    throwsType(() => schemas.schemasDocument(1), /baseUrl must be a string, not a number/);
    throwsType(() => schemas.resourceTypesDocument({}), /baseUrl must be a string, not an object/);
    // Not a `Schemas`: wasm-bindgen's glue throws a plain Error (the addon a TypeError), as for
    // every method of every class here.
    assert.throws(() => Schemas.prototype.schemasDocument.call({}), /null pointer passed to rust/);
  });

  test('serviceProviderConfig: bad arguments', () => {
    throwsType(() => serviceProviderConfig({ filter: true }), /unknown option `filter`; the options are patch, bulk, filterMaxResults, changePassword, sort, etag, documentationUri/);
    throwsType(() => serviceProviderConfig('patch'), /options must be an object, not a string/);
    throwsType(() => serviceProviderConfig({ patch: 1 }), /options\.patch must be a boolean, not a number/);
    throwsType(() => serviceProviderConfig({ etag: null }), /options\.etag must be a boolean, not null/);
    throwsType(() => serviceProviderConfig({ bulk: null }), /options\.bulk must be an object, not null/);
    throwsType(() => serviceProviderConfig({ bulk: true }), /options\.bulk must be an object, not a boolean/);
    throwsType(() => serviceProviderConfig({ bulk: { maxOperations: 1 } }), /options\.bulk\.maxPayloadSize must be a number, not undefined/);
    throwsType(() => serviceProviderConfig({ bulk: { maxOperations: 1, maxPayloadSize: 2, supported: true } }), /options\.bulk: unknown member `supported`; the members are maxOperations, maxPayloadSize/);
    throwsRange(() => serviceProviderConfig({ bulk: { maxOperations: -1, maxPayloadSize: 2 } }), 'ERR_OUT_OF_RANGE', /options\.bulk\.maxOperations must be a non-negative safe integer, not -1/);
    throwsRange(() => serviceProviderConfig({ filterMaxResults: 1.5 }), 'ERR_OUT_OF_RANGE', /options\.filterMaxResults/);
    throwsType(() => serviceProviderConfig({ filterMaxResults: '100' }), /options\.filterMaxResults must be a number, not a string/);
    throwsType(() => serviceProviderConfig({ documentationUri: new URL('https://x') }), /options\.documentationUri must be a string, not an object/);
    assert.deepEqual(serviceProviderConfig(null), serviceProviderConfig());
  });

  test('listResponse: resources are copied; bad arguments', () => {
    const page = listResponse(new Proxy([BJENSEN], {}), { totalResults: 2 });
    assert.deepEqual(page.Resources, [BJENSEN]);
    assert.notEqual(page.Resources[0], BJENSEN);
    assert.equal(page.itemsPerPage, 1);
    throwsType(() => listResponse(), /resources must be an array, not undefined/);
    throwsType(() => listResponse({ Resources: [] }), /resources must be an array, not an object/);
    throwsType(() => listResponse([[]]), /resources\[0\] must be an object or a JSON string, not an array/);
    throwsType(() => listResponse([{}, null]), /resources\[1\] must be an object or a JSON string, not null/);
    throwsType(() => listResponse([{ d: new Date() }]), /resources\[0\]\.d is a Date/);
    throwsScim(() => listResponse(['{']), { scimType: 'invalidSyntax', status: 400 });
    throwsType(() => listResponse([], { itemsPerPage: 1 }), /unknown option `itemsPerPage`; the options are totalResults, startIndex/);
    throwsType(() => listResponse([], { totalResults: '1' }), /options\.totalResults must be a number/);
    throwsRange(() => listResponse([], { startIndex: -1 }), 'ERR_OUT_OF_RANGE', /options\.startIndex must be a non-negative safe integer/);
    throwsRange(() => listResponse([], { totalResults: 2 ** 53 }), 'ERR_OUT_OF_RANGE');
  });
});

// What is particular to the WebAssembly build: JavaScript run while Rust holds a borrow.
describe('wasm', () => {
  test('getters run while reading may use the registry and the exports; all stays usable after a throw', () => {
    const schemas = deviceSchemas();
    const reentrant = (id, label) =>
      Object.defineProperty({ id }, 'label', {
        enumerable: true,
        get() {
          // Everything here runs inside `sort` / `validate`.
          assert.ok(schemas.schemaIds().includes('urn:example:Device'));
          assert.equal(sort([{ userName: 'b' }, { userName: 'a' }], 'userName')[0].userName, 'a');
          return label;
        },
      });
    const devices = [reentrant('2', 'b'), reentrant('1', 'a')];
    const opts = { resourceType: 'Device', schemas };
    assert.deepEqual(
      sort(devices, 'label', opts).map((d) => d.id),
      ['1', '2'],
    );
    const body = Object.assign(reentrant('x', 'Rack'), { schemas: ['urn:example:Device'] });
    assert.equal(validate(body, { ...opts, mode: 'patch-result' }).resource.label, 'Rack');
    // An exception thrown while reading reaches the caller; the registry can still be changed.
    const boom = Object.defineProperty({ id: '3' }, 'label', {
      enumerable: true,
      get() {
        throw new EvalError('boom');
      },
    });
    assert.throws(() => sort([...devices, boom], 'label', opts), EvalError);
    assert.throws(() => validate(Object.assign(boom, { schemas: ['urn:example:Device'] }), opts), EvalError);
    schemas.load({ ...SHOE_SCHEMA });
    assert.equal(schemas.schemaIds().length, 8);
    assert.deepEqual(
      sort(devices, 'label', { ...opts, sortOrder: 'descending' }).map((d) => d.id),
      ['2', '1'],
    );
  });

  test('results are plain objects built as JSON.parse builds them: `__proto__` is a member', () => {
    const body = JSON.parse('{"schemas": ["urn:example:Device"], "label": "x", "__proto__": {"a": 1}}');
    const schemas = deviceSchemas();
    const opts = { resourceType: 'Device', schemas, unknownAttributes: 'drop' };
    const out = validate(body, opts);
    assert.deepEqual(out.dropped, ['__proto__']);
    const projected = project(body, { resourceType: 'Device', schemas });
    assert.ok(Object.hasOwn(projected, '__proto__'), 'an unknown member is kept by the default set');
    assert.equal(Object.getPrototypeOf(projected), Object.prototype);
    assert.deepEqual(projected, JSON.parse(JSON.stringify(body)));
  });
});

const SHOE_SCHEMA = {
  schemas: [SCHEMA_URN],
  id: 'urn:example:Shoe',
  attributes: [{ name: 'size', type: 'integer' }],
};
