// PATCH (bindings/README.md, "PATCH"): applyPatch, PatchRequest, PROFILES and the `operation`
// of a ScimError, against the Node build (pkg/node). The same topics as the Node addon's tests.
import assert from 'node:assert/strict';
import test from 'node:test';

import { Filter, PROFILES, PatchRequest, Schemas, applyPatch } from './api.mjs';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A PatchOp message of `operations`. */
const patchOf = (...operations) => ({ schemas: [PATCH_OP], Operations: operations });

/** The error `fn` throws (fails when it returns). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an exception');
}

/** `value`, and everything in it, frozen: a write anywhere throws in strict mode. */
function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const bjensen = () => ({
  schemas: [USER_URN],
  id: '2819c223',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [
    { type: 'work', value: 'bjensen@example.com', primary: true },
    { type: 'home', value: 'babs@example.org' },
  ],
});

const tourGuides = () => ({
  schemas: [GROUP_URN],
  id: 'e9e30dba',
  displayName: 'Tour Guides',
  members: [{ value: '2819c223' }, { value: '902c246b' }],
});

test('applyPatch returns the patched resource as a new plain object', () => {
  const user = bjensen();
  const out = applyPatch(
    user,
    patchOf(
      { op: 'replace', path: 'name.givenName', value: 'Babs' },
      { op: 'add', path: 'emails', value: [{ type: 'other', value: 'b@example.net' }] },
      { op: 'remove', path: 'emails[type eq "home"]' },
      { op: 'add', path: `${ENTERPRISE}:employeeNumber`, value: '701984' },
    ),
  );
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.notEqual(out, user);
  assert.deepEqual(out, {
    schemas: [USER_URN, ENTERPRISE],
    id: '2819c223',
    userName: 'bjensen',
    name: { givenName: 'Babs', familyName: 'Jensen' },
    active: true,
    emails: [
      { type: 'work', value: 'bjensen@example.com', primary: true },
      { type: 'other', value: 'b@example.net' },
    ],
    [ENTERPRISE]: { employeeNumber: '701984' },
  });
  assert.deepEqual(user, bjensen(), 'the resource given is unchanged');
  // The default resource type is User; a Group needs resourceType.
  const group = applyPatch(tourGuides(), patchOf({ op: 'remove', path: 'members[value eq "2819c223"]' }), {
    resourceType: 'Group',
  });
  assert.deepEqual(group.members, [{ value: '902c246b' }]);
  assert.throws(() => applyPatch(tourGuides(), patchOf({ op: 'add', path: 'members', value: [{ value: 'x' }] })), {
    name: 'ScimError',
    scimType: 'invalidPath',
  });
});

test('resource and patch may be JSON text, parsed in Rust', () => {
  const message = patchOf({ op: 'replace', path: 'userName', value: 'babs' });
  const fromText = applyPatch(JSON.stringify(bjensen()), JSON.stringify(message));
  assert.deepEqual(fromText, { ...bjensen(), userName: 'babs' });
  assert.deepEqual(applyPatch(JSON.stringify(bjensen()), message), fromText);
  assert.deepEqual(applyPatch(bjensen(), JSON.stringify(message)), fromText);
  assert.deepEqual(new PatchRequest(JSON.stringify(message)).apply(JSON.stringify(bjensen())), {
    resource: fromText,
    changed: true,
  });

  const badResource = thrown(() => applyPatch('{"userName": ', message));
  assert.equal(badResource.name, 'ScimError');
  assert.equal(badResource.scimType, 'invalidSyntax');
  assert.equal(badResource.status, 400);
  assert.equal(badResource.operation, null);
  assert.match(badResource.detail, /^the resource is not valid JSON: /);

  const badPatch = thrown(() => applyPatch(bjensen(), '{"schemas": ['));
  assert.equal(badPatch.scimType, 'invalidSyntax');
  assert.equal(badPatch.operation, null);
  assert.match(badPatch.detail, /^the PATCH request is not valid JSON: /);
  assert.throws(() => new PatchRequest('not json'), { scimType: 'invalidSyntax', operation: null });

  // JSON text that is not an object: the engine's errors.
  assert.throws(() => applyPatch('[1]', message), { scimType: 'invalidValue', operation: null });
  assert.throws(() => applyPatch(bjensen(), '[]'), { scimType: 'invalidSyntax', operation: null });
  // Text nested deeper than serde_json reads, and the same value as an object.
  const deep = (n) => (n === 0 ? {} : { a: deep(n - 1) });
  const tooDeep = { userName: 'x', a: deep(130) };
  assert.throws(() => applyPatch(JSON.stringify(tooDeep), message), { scimType: 'invalidSyntax' });
  const nested = thrown(() => applyPatch(tooDeep, message));
  assert.equal(nested.name, 'ScimError');
  assert.equal(nested.scimType, 'invalidSyntax');
  assert.equal(nested.detail, 'the resource is nested more than 127 levels deep');
  // 126 levels below the resource is as deep as it goes.
  assert.deepEqual(applyPatch({ ...bjensen(), a: deep(125) }, message).a, deep(125));
});

test('profiles: the deviations an identity provider sends are accepted only under its profile', () => {
  // Entra ID sends booleans as strings and capitalised ops.
  const entra = patchOf({ op: 'Replace', path: 'active', value: 'False' });
  const strict = thrown(() => applyPatch(bjensen(), entra));
  assert.equal(strict.scimType, 'invalidValue');
  assert.equal(strict.operation, 0);
  assert.equal(applyPatch(bjensen(), entra, { profile: 'entra' }).active, false);
  // Names are case-insensitive, and the core's aliases work.
  assert.equal(applyPatch(bjensen(), entra, { profile: 'Entra' }).active, false);
  assert.equal(applyPatch(bjensen(), entra, { profile: 'azure' }).active, false);
  assert.equal(new PatchRequest(entra, { profile: 'ENTRA' }).apply(bjensen()).resource.active, false);
  assert.throws(() => applyPatch(bjensen(), entra, { profile: 'rfc' }), { scimType: 'invalidValue' });
  assert.throws(() => applyPatch(bjensen(), entra, { profile: 'okta' }), { scimType: 'invalidValue' });

  // JumpCloud (and Entra ID) remove the members listed in `value`; RFC 7644 refuses the value.
  const removeByValue = patchOf({ op: 'remove', path: 'members', value: [{ value: '2819c223' }] });
  const rfc = thrown(() => new PatchRequest(removeByValue));
  assert.equal(rfc.scimType, 'invalidSyntax');
  assert.equal(rfc.operation, 0, 'a malformed operation is named when the request is read');
  const jumpcloud = new PatchRequest(removeByValue, { profile: 'jumpcloud' });
  assert.deepEqual(jumpcloud.apply(tourGuides(), { resourceType: 'Group' }).resource.members, [
    { value: '902c246b' },
  ]);

  const unknown = thrown(() => applyPatch(bjensen(), entra, { profile: 'azure-ad' }));
  assert.ok(unknown instanceof RangeError);
  assert.equal(unknown.code, 'ERR_INVALID_ARG_VALUE');
  assert.equal(
    unknown.message,
    'unknown profile "azure-ad"; the profiles are rfc, entra, okta, onelogin, google, jumpcloud',
  );
  assert.throws(() => new PatchRequest(entra, { profile: '' }), RangeError);
});

test('PROFILES lists every profile name, frozen; each is accepted', () => {
  assert.deepEqual([...PROFILES], ['rfc', 'entra', 'okta', 'onelogin', 'google', 'jumpcloud']);
  assert.ok(Array.isArray(PROFILES));
  assert.ok(Object.isFrozen(PROFILES));
  assert.throws(() => {
    'use strict';
    PROFILES.push('mine');
  }, TypeError);
  const message = patchOf({ op: 'add', path: 'title', value: 'Tour Guide' });
  for (const profile of PROFILES) {
    assert.equal(applyPatch(bjensen(), message, { profile }).title, 'Tour Guide', profile);
    assert.equal(new PatchRequest(message, { profile }).apply(bjensen()).changed, true, profile);
  }
});

test('a PATCH error names the failing operation; nothing is applied', () => {
  const message = patchOf(
    { op: 'add', path: 'title', value: 'Tour Guide' },
    { op: 'replace', path: 'nickName', value: 'Babs' },
    { op: 'replace', path: 'id', value: 'other' },
  );
  const user = bjensen();
  const e = thrown(() => applyPatch(user, message));
  assert.equal(e.name, 'ScimError');
  assert.equal(e.scimType, 'mutability');
  assert.equal(e.status, 400);
  assert.equal(e.operation, 2);
  assert.match(e.detail, /^Operations\[2\]: `id` is readOnly/);
  assert.equal(e.message, e.detail);
  assert.deepEqual(e.document, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    scimType: 'mutability',
    detail: e.detail,
    status: '400',
  });
  assert.equal(e.start, null);
  assert.deepEqual(Object.keys(e).sort(), ['detail', 'document', 'end', 'operation', 'rendered', 'scimType', 'start', 'status']);
  assert.deepEqual(user, bjensen());
  // The same through a PatchRequest: read fine, fails when applied.
  const request = new PatchRequest(message);
  assert.throws(() => request.apply(bjensen()), { scimType: 'mutability', operation: 2 });

  // A path that does not parse: read-time, with its span in UTF-16 code units of that path.
  const path = 'emails[value eq "🦊"] ]';
  const bad = thrown(() => applyPatch(bjensen(), patchOf({ op: 'add', path: 'title', value: 'x' }, { op: 'remove', path })));
  assert.equal(bad.scimType, 'invalidPath');
  assert.equal(bad.operation, 1);
  assert.equal(path.slice(bad.start, bad.end), ']');
  assert.deepEqual([bad.start, bad.end], [22, 23]);
  assert.match(bad.rendered, /emails\[value eq "🦊"\] \]/);
  // An unknown attribute: the whole path, after a non-BMP character.
  const unknown = 'emails[type eq "🦊"].valu';
  const u = thrown(() => applyPatch(bjensen(), patchOf({ op: 'add', path: unknown, value: 'x' })));
  assert.equal(u.scimType, 'invalidPath');
  assert.equal(u.operation, 0);
  assert.deepEqual([u.start, u.end], [0, unknown.length]);

  // A malformed message fails before any operation: operation is null.
  for (const m of [{ Operations: [{ op: 'add', path: 'title', value: 'x' }] }, { schemas: [PATCH_OP], Operations: [] }]) {
    const err = thrown(() => applyPatch(bjensen(), m));
    assert.equal(err.scimType, 'invalidSyntax');
    assert.equal(err.operation, null);
  }
  // An unknown resource type: no scimType, no operation.
  const rt = thrown(() => applyPatch(bjensen(), message, { resourceType: 'Widget' }));
  assert.equal(rt.scimType, null);
  assert.equal(rt.operation, null);
  assert.match(rt.detail, /unknown resource type `Widget`/);
  // Errors that are not PATCH errors have `operation` too: null.
  const filter = thrown(() => new Filter('userName equals "x"'));
  assert.ok(Object.hasOwn(filter, 'operation'));
  assert.equal(filter.operation, null);
});

test('the resource and the message given are never modified, even frozen or behind a Proxy', () => {
  const user = deepFreeze(bjensen());
  const message = deepFreeze(
    patchOf(
      { op: 'add', path: 'emails', value: [{ type: 'other', value: 'x@example.net', primary: true }] },
      { op: 'replace', path: 'name', value: { givenName: 'Babs' } },
      { op: 'remove', path: 'active' },
    ),
  );
  const out = applyPatch(user, message);
  assert.equal(out.emails.length, 3);
  assert.equal(out.emails[0].primary, false, 'the other primary is cleared, in the copy');
  assert.equal(user.emails[0].primary, true);
  assert.deepEqual(user, bjensen());
  // No write reaches the objects given: a Proxy that records every trap that could write.
  const writes = [];
  const watch = (target) =>
    new Proxy(target, {
      get: (t, k, r) => {
        const v = Reflect.get(t, k, r);
        return v && typeof v === 'object' ? watch(v) : v;
      },
      set: (t, k) => (writes.push(`set ${String(k)}`), false),
      defineProperty: (t, k) => (writes.push(`define ${String(k)}`), false),
      deleteProperty: (t, k) => (writes.push(`delete ${String(k)}`), false),
      setPrototypeOf: () => (writes.push('setPrototypeOf'), false),
    });
  const request = new PatchRequest(watch(JSON.parse(JSON.stringify(message))));
  assert.equal(request.apply(watch(bjensen())).changed, true);
  assert.deepEqual(writes, []);
  // The result shares nothing with the input: changing it leaves the input alone.
  const mutable = bjensen();
  const copy = applyPatch(mutable, patchOf({ op: 'add', path: 'title', value: 'x' }));
  copy.emails[0].value = 'changed';
  copy.name.givenName = 'changed';
  assert.deepEqual(mutable, bjensen());
});

test('PatchRequest: read once, applied to many resources; changed says whether anything did', () => {
  const request = new PatchRequest(
    patchOf({ op: 'add', path: 'members', value: [{ value: '902c246b' }, { value: '08e1d05d' }] }),
  );
  const a = tourGuides();
  const first = request.apply(a, { resourceType: 'Group' });
  assert.deepEqual(Object.keys(first).sort(), ['changed', 'resource']);
  assert.equal(first.changed, true);
  assert.deepEqual(first.resource.members, [{ value: '2819c223' }, { value: '902c246b' }, { value: '08e1d05d' }]);
  // Applied again to its own result: the members are there already, nothing changes (§3.5.2.1).
  const second = request.apply(first.resource, { resourceType: 'group' });
  assert.equal(second.changed, false);
  assert.deepEqual(second.resource, first.resource);
  assert.notEqual(second.resource, first.resource, 'a new object every time');
  // Another group, as JSON text, with an explicit registry.
  const other = request.apply(JSON.stringify({ ...tourGuides(), id: 'g2', members: [] }), {
    resourceType: 'Group',
    schemas: new Schemas(),
  });
  assert.deepEqual(other.resource.members, [{ value: '902c246b' }, { value: '08e1d05d' }]);
  // A failure leaves the request usable.
  assert.throws(() => request.apply(bjensen()), { scimType: 'invalidPath', operation: 0 });
  assert.throws(() => request.apply(a, { resourceType: 'Widget' }), { scimType: null });
  assert.equal(request.apply(a, { resourceType: 'Group' }).changed, true);
  assert.deepEqual(a, tourGuides());
});

test('schemas: a registry with loaded resource types', () => {
  const schemas = new Schemas();
  schemas.load([
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: 'urn:example:Shoe',
      name: 'Shoe',
      attributes: [
        { name: 'size', type: 'integer' },
        { name: 'serial', type: 'string', mutability: 'immutable' },
      ],
    },
    { id: 'Shoe', name: 'Shoe', endpoint: '/Shoes', schema: 'urn:example:Shoe' },
  ]);
  const shoe = { schemas: ['urn:example:Shoe'], id: 's1', size: 44, serial: 'A1' };
  const opts = { resourceType: 'Shoe', schemas };
  assert.equal(applyPatch(shoe, patchOf({ op: 'replace', path: 'size', value: 45 }), opts).size, 45);
  assert.throws(() => applyPatch(shoe, patchOf({ op: 'replace', path: 'size', value: '45' }), opts), {
    scimType: 'invalidValue',
  });
  assert.throws(() => applyPatch(shoe, patchOf({ op: 'replace', path: 'serial', value: 'B2' }), opts), {
    scimType: 'mutability',
  });
  // Without resourceType it is a User, which has no `size`.
  assert.throws(() => applyPatch(shoe, patchOf({ op: 'replace', path: 'size', value: 45 }), { schemas }), {
    scimType: 'invalidPath',
    detail: 'Operations[0]: unknown attribute `size` for resource type User',
  });
  // schemas: null is the default registry.
  assert.equal(applyPatch(bjensen(), patchOf({ op: 'add', path: 'title', value: 'x' }), { schemas: null }).title, 'x');
});

test('objects are read as JSON.stringify sees them', () => {
  class Person {
    constructor() {
      this.schemas = [USER_URN];
      this.userName = 'bjensen';
      this.skipped = undefined;
    }
    get title() {
      return 'from the prototype';
    }
  }
  const message = patchOf({ op: 'add', path: 'emails', value: [undefined, { value: 'a@example.com' }] });
  const out = applyPatch(new Person(), patchOf({ op: 'add', path: 'nickName', value: 'Babs' }));
  assert.deepEqual(out, { schemas: [USER_URN], userName: 'bjensen', nickName: 'Babs' });
  // Arrays behind a Proxy are arrays; a hole or undefined element is null (and null is not a
  // value to add).
  assert.deepEqual(
    applyPatch({ userName: 'x', emails: new Proxy([{ value: 'p@example.com' }], {}) }, patchOf({ op: 'add', path: 'title', value: 'x' })).emails,
    [{ value: 'p@example.com' }],
  );
  assert.deepEqual(applyPatch(bjensen(), message), applyPatch(bjensen(), JSON.stringify(message)));
  // A getter that throws: its exception reaches the caller.
  const boom = new Error('boom');
  const trap = {
    userName: 'x',
    get title() {
      throw boom;
    },
  };
  assert.equal(thrown(() => applyPatch(trap, patchOf({ op: 'add', path: 'title', value: 'x' }))), boom);
  // `__proto__` in JSON text is a member, and stays one.
  const proto = applyPatch('{"userName": "x", "__proto__": {"polluted": true}}', patchOf({ op: 'add', path: 'title', value: 'x' }), {
    resourceType: 'User',
  });
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.ok(Object.hasOwn(proto, '__proto__'));
  assert.equal(proto.polluted, undefined);
  assert.equal({}.polluted, undefined);
});

test('values JSON cannot hold are a TypeError naming where they are', () => {
  const message = patchOf({ op: 'add', path: 'title', value: 'x' });
  const cases = [
    [{ userName: 'x', meta: { created: new Date(0) } }, 'resource.meta.created is a Date, which is not a JSON value (give dates as ISO 8601 strings)'],
    [{ userName: 'x', n: NaN }, 'resource.n is NaN, which is not a JSON value'],
    [{ userName: 'x', n: -Infinity }, 'resource.n is -Infinity, which is not a JSON value'],
    [{ userName: 'x', f() {} }, 'resource.f is a function, which is not a JSON value'],
    [{ userName: 'x', 'a b': [Symbol('s')] }, 'resource["a b"][0] is a symbol, which is not a JSON value'],
    [{ userName: 'x', big: 1n }, 'resource.big is a bigint, which is not a JSON value'],
    [{ userName: 'x', b: new Uint8Array(2) }, 'resource.b is a typed array or Buffer, which is not a JSON value'],
    [{ userName: 'x', b: new ArrayBuffer(2) }, 'resource.b is an ArrayBuffer, which is not a JSON value'],
    [{ userName: 'x', b: new DataView(new ArrayBuffer(2)) }, 'resource.b is a DataView, which is not a JSON value'],
    [{ userName: 'x\uD800' }, 'resource.userName is a string with a lone surrogate, which is not a JSON value'],
  ];
  for (const [resource, text] of cases) {
    const e = thrown(() => applyPatch(resource, message));
    assert.ok(e instanceof TypeError, `${text}: ${e}`);
    assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
    assert.equal(e.message, text);
  }
  const cyclic = { userName: 'x', manager: { reports: [] } };
  cyclic.manager.reports.push(cyclic.manager);
  assert.equal(
    thrown(() => applyPatch(cyclic, message)).message,
    'resource.manager.reports[0] refers back to resource.manager: a cycle, which JSON cannot represent',
  );
  const inPatch = thrown(() => new PatchRequest(patchOf({ op: 'add', path: 'title', value: () => 1 })));
  assert.ok(inPatch instanceof TypeError);
  assert.equal(inPatch.message, 'patch.Operations[0].value is a function, which is not a JSON value');
  // The same object twice, not nested in itself, is no cycle.
  const shared = { value: 'a@example.com' };
  assert.equal(applyPatch({ userName: 'x', emails: [shared, shared] }, message).emails.length, 2);
});

test('wrong argument types throw TypeError with the Node addon messages', () => {
  const message = patchOf({ op: 'add', path: 'title', value: 'x' });
  const request = new PatchRequest(message);
  const cases = [
    [() => applyPatch(), 'resource must be an object or a JSON string, not undefined'],
    [() => applyPatch(bjensen()), 'patch must be a PatchOp message (an object) or its JSON text, not undefined'],
    [() => applyPatch(null, message), 'resource must be an object or a JSON string, not null'],
    [() => applyPatch([bjensen()], message), 'resource must be an object or a JSON string, not an array'],
    [() => applyPatch(42, message), 'resource must be an object or a JSON string, not a number'],
    [() => applyPatch(bjensen(), () => message), 'patch is a function, which is not a JSON value'],
    [() => applyPatch(bjensen(), Symbol('patch')), 'patch is a symbol, which is not a JSON value'],
    [() => applyPatch(bjensen(), message, 'User'), 'options must be an object, not a string'],
    [() => applyPatch(bjensen(), message, { resourceType: null }), 'options.resourceType must be a string, not null (PATCH needs the schema)'],
    [() => applyPatch(bjensen(), message, { resourceType: 1 }), 'options.resourceType must be a string, not a number (PATCH needs the schema)'],
    [() => applyPatch(bjensen(), message, { profile: null }), 'options.profile must be a string, not null'],
    [() => applyPatch(bjensen(), message, { profile: 1 }), 'options.profile must be a string, not a number'],
    [() => applyPatch(bjensen(), message, { schemas: {} }), 'options.schemas must be a Schemas instance, not an object'],
    [() => applyPatch(bjensen(), message, { resourcetype: 'User' }), 'unknown option `resourcetype`; the options are resourceType, profile, schemas'],
    [() => new PatchRequest(), 'patch must be a PatchOp message (an object) or its JSON text, not undefined'],
    [() => new PatchRequest(message, { resourceType: 'User' }), 'unknown option `resourceType`; the options are profile'],
    [() => new PatchRequest(message, { profile: true }), 'options.profile must be a string, not a boolean'],
    [() => request.apply(), 'resource must be an object or a JSON string, not undefined'],
    [() => request.apply(bjensen(), { profile: 'rfc' }), 'unknown option `profile`; the options are resourceType, schemas'],
    [() => request.apply(bjensen(), { resourceType: null }), 'options.resourceType must be a string, not null (PATCH needs the schema)'],
    [() => request.apply(bjensen(), { schemas: Object.create(Schemas.prototype) }), 'options.schemas must be a Schemas instance, not an object'],
  ];
  for (const [fn, text] of cases) {
    const e = thrown(fn);
    assert.ok(e instanceof TypeError, `${fn}: ${e}`);
    assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
    assert.equal(e.message, text);
  }
  // The message is what a client sent: any JSON value is one, and what is not a PatchOp object
  // is the engine's invalidSyntax, as the same value as JSON text is.
  for (const body of [[message], null, 42, true, 'null', '[]']) {
    const e = thrown(() => applyPatch(bjensen(), body));
    assert.equal(e.name, 'ScimError', String(body));
    assert.equal(e.scimType, 'invalidSyntax');
    assert.equal(e.operation, null);
    assert.equal(thrown(() => new PatchRequest(body)).detail, e.detail);
  }
  // Options that are undefined, or undefined members, are "not given".
  assert.equal(applyPatch(bjensen(), message, undefined).title, 'x');
  assert.equal(applyPatch(bjensen(), message, null).title, 'x');
  assert.equal(applyPatch(bjensen(), message, { profile: undefined, resourceType: undefined }).title, 'x');
  assert.equal(request.apply(bjensen(), {}).resource.title, 'x');
});
