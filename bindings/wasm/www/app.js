// Live SCIM filter validation with scimkit-wasm: parse and compile on every keystroke, show the
// error with its span highlighted in the input, the canonical form, and the matching users.
import init, { Filter } from '../pkg/web/scimkit_wasm.js';

/** Sample Users (RFC 7643 §4.1, §8.2). */
const USERS = [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: '2819c223',
    userName: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    title: 'Tour Guide',
    userType: 'Employee',
    active: true,
    emails: [
      { type: 'work', value: 'bjensen@example.com', primary: true },
      { type: 'home', value: 'babs@jensen.org' },
    ],
    meta: { resourceType: 'User', lastModified: '2024-05-13T04:42:34Z' },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: '902c246b',
    userName: 'JSmith',
    name: { givenName: 'John', familyName: 'Smith' },
    userType: 'Intern',
    active: false,
    emails: [{ type: 'work', value: 'John.Smith@Example.COM' }],
    meta: { resourceType: 'User', lastModified: '2023-11-02T09:00:00+01:00' },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: '5d48a0a8',
    userName: 'åsa.lindqvist',
    name: { givenName: 'Åsa', familyName: 'Lindqvist' },
    title: 'Engineer',
    active: true,
    emails: [{ type: 'home', value: 'asa@example.com' }],
    meta: { resourceType: 'User', lastModified: '2025-02-01T12:00:00Z' },
  },
  {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ],
    id: 'c3a1f0e2',
    userName: 'zoe',
    nickName: 'Zoë 🦊',
    name: { givenName: 'Zoë', familyName: 'Jones' },
    userType: 'Contractor',
    active: true,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
      department: 'Tour Operations',
      manager: { value: '2819c223', displayName: 'Barbara Jensen' },
    },
    meta: { resourceType: 'User', lastModified: '2024-08-30T17:15:00-07:00' },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: '77e1a6c4',
    userName: 'mchen',
    name: { givenName: 'Mei', familyName: 'Chen' },
    title: 'Guide',
    active: true,
    emails: [{ type: 'work', value: 'mei@other.example' }],
  },
];

const INITIAL = 'emails[type eq "work" and value ew "@example.com"] and active eq true';

const $ = (id) => document.getElementById(id);
const input = $('filter');
const backdrop = $('backdrop');
const strict = $('strict');
const status = $('status');
const details = $('details');
const canonical = $('canonical');
const rendered = $('rendered');
const count = $('count');

/** The list of users, each with a badge saying whether it matches. */
function renderUsers() {
  const list = $('users');
  for (const user of USERS) {
    const li = document.createElement('li');
    li.dataset.id = user.id;
    const badge = document.createElement('span');
    badge.className = 'badge';
    const who = document.createElement('span');
    who.className = 'who';
    const name = `${user.name.givenName} ${user.name.familyName}`;
    who.append(Object.assign(document.createElement('strong'), { textContent: name }), ` ${user.userName}`);
    const json = document.createElement('details');
    json.append(
      Object.assign(document.createElement('summary'), { textContent: 'JSON' }),
      Object.assign(document.createElement('pre'), { textContent: JSON.stringify(user, null, 2) }),
    );
    li.append(badge, who, json);
    list.append(li);
  }
}

/** Mirrors the input text behind the textarea, with `[start, end)` (UTF-16) marked. */
function highlight(text, start, end) {
  backdrop.replaceChildren();
  if (start === null || start === undefined) {
    backdrop.append(text, '\n');
    return;
  }
  const mark = document.createElement('mark');
  // An empty span (the end of the input) still gets a visible marker.
  mark.textContent = text.slice(start, end) || ' ';
  if (start === end) mark.className = 'empty';
  backdrop.append(text.slice(0, start), mark, text.slice(end), '\n');
}

function showMatches(ids) {
  for (const li of $('users').children) {
    const hit = ids !== null && ids.has(li.dataset.id);
    li.classList.toggle('match', hit);
    li.querySelector('.badge').textContent = ids === null ? 'not run' : hit ? '✓ matches' : 'no match';
  }
  count.textContent = ids === null ? '' : `(${ids.size} of ${USERS.length} match)`;
}

/** Grows the textarea to its content, so that it never scrolls and the backdrop stays aligned. */
function fit() {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight + input.offsetHeight - input.clientHeight}px`;
}

function update() {
  fit();
  const text = input.value;
  rendered.hidden = true;
  if (text.trim() === '') {
    input.setAttribute('aria-invalid', 'false');
    status.className = 'status';
    status.textContent = 'Type a filter, e.g. userName eq "bjensen".';
    details.hidden = true;
    highlight(text, null, null);
    showMatches(null);
    return;
  }
  let filter;
  try {
    filter = new Filter(text, { strict: strict.checked });
    const ids = new Set(filter.filter(USERS).map((u) => u.id));
    input.setAttribute('aria-invalid', 'false');
    status.className = 'status ok';
    status.textContent = `Valid filter: ${ids.size} of ${USERS.length} users match.`;
    canonical.textContent = String(filter);
    details.hidden = false;
    highlight(text, null, null);
    showMatches(ids);
  } catch (e) {
    if (e.name !== 'ScimError') throw e;
    input.setAttribute('aria-invalid', 'true');
    status.className = 'status error';
    status.replaceChildren(
      Object.assign(document.createElement('span'), { className: 'kind', textContent: `${e.scimType ?? 'error'} ${e.status}` }),
      ' ',
      Object.assign(document.createElement('span'), { id: 'message', textContent: e.message }),
    );
    rendered.textContent = e.rendered;
    rendered.hidden = false;
    details.hidden = true;
    highlight(text, e.start, e.end);
    showMatches(null);
  } finally {
    filter?.free();
  }
}

async function main() {
  renderUsers();
  try {
    await init();
  } catch (e) {
    status.className = 'status error';
    status.textContent = `Could not load the WebAssembly module: ${e.message}`;
    return;
  }
  input.disabled = false;
  input.value = INITIAL;
  input.addEventListener('input', update);
  window.addEventListener('resize', fit);
  strict.addEventListener('change', update);
  for (const button of document.querySelectorAll('[data-example]')) {
    button.addEventListener('click', () => {
      input.value = button.dataset.example;
      update();
      input.focus();
    });
  }
  update();
  document.body.dataset.ready = 'true';
}

main();
