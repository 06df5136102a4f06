// generateFilters (bindings/README.md, "Generated filters"): the same filters as `scimkit gen
// filters` prints for the same arguments (the committed testdata/generate/*.jsonl, byte spans
// converted to UTF-16 code units), each labelled with what this binding's Filter says of it; and
// the arguments checked as everywhere else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { TESTDATA } from '../../js-test/vectors.mjs';

const { Filter, generateFilters } = createRequire(import.meta.url)('../index.js');

// Each fixture: the CLI's output for `gen filters --count 40 --seed 7 --invalid-ratio 0.3
// --style STYLE` (testdata/README.md says how to regenerate them).
const FIXTURES = {
  user: 'user-seed-7-ratio-0.3.jsonl',
  syntax: 'syntax-seed-7-ratio-0.3.jsonl',
};

function cliLines(style) {
  const text = readFileSync(join(TESTDATA, 'generate', FIXTURES[style]), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** A byte offset into the UTF-8 of `text` as a UTF-16 offset. */
function utf16(text, offset) {
  return Buffer.from(text, 'utf8').subarray(0, offset).toString('utf8').length;
}

/** A CLI line as this binding returns it: the span in UTF-16 code units. */
function inUtf16(line) {
  if (line.valid || line.span === null) return line;
  const { start, end } = line.span;
  return { ...line, span: { start: utf16(line.filter, start), end: utf16(line.filter, end) } };
}

/** Throws the ScimError `new Filter(text, options)` throws, or returns null. */
function parseError(text, options) {
  try {
    new Filter(text, options);
    return null;
  } catch (err) {
    assert.equal(err.name, 'ScimError', err.stack);
    return err;
  }
}

/** Every valid filter parses strictly; every invalid one throws the labelled error; the default
 * options accept exactly those labelled `lenientAccepts`. */
function checkLabels(filters) {
  for (const g of filters) {
    if (g.valid) {
      assert.deepEqual(Object.keys(g), ['filter', 'valid', 'kind']);
      assert.equal(parseError(g.filter, { strict: true }), null, g.filter);
      assert.equal(parseError(g.filter), null, g.filter);
      continue;
    }
    const err = parseError(g.filter, { strict: true });
    assert.ok(err, `${g.filter} should not parse`);
    assert.equal(err.scimType, g.scimType);
    assert.equal(err.detail, g.detail);
    assert.deepEqual(g.span, err.start === null ? null : { start: err.start, end: err.end }, g.filter);
    assert.equal(parseError(g.from, { strict: true }), null, g.from);
    assert.equal(parseError(g.filter) === null, g.lenientAccepts, g.filter);
  }
}

describe('generateFilters', () => {
  for (const style of Object.keys(FIXTURES)) {
    test(`the same ${style} filters as the CLI`, () => {
      const lines = cliLines(style);
      assert.equal(lines.length, 40);
      const got = generateFilters(lines.length, { seed: 7, invalidRatio: 0.3, style });
      assert.deepEqual(got, lines.map(inUtf16));
      assert.ok(got.some((g) => g.valid) && got.some((g) => !g.valid));
    });

    test(`the ${style} fixture's labels hold in this binding`, () => {
      checkLabels(generateFilters(40, { seed: 7, invalidRatio: 0.3, style }));
    });

    test(`${style} labels hold in this binding`, () => {
      const filters = generateFilters(300, { seed: 2024, invalidRatio: 0.5, style });
      assert.equal(filters.length, 300);
      checkLabels(filters);
    });
  }

  test('the syntax fixture moves spans (non-ASCII and astral text before them)', () => {
    const lines = cliLines('syntax').filter((l) => !l.valid && l.span !== null);
    const moved = lines.filter((l) => inUtf16(l).span.start !== l.span.start);
    assert.ok(moved.length > 0);
    assert.ok(moved.some((l) => /[\u{10000}-\u{10ffff}]/u.test(l.filter)));
  });

  test('user filters compile against the User schema', () => {
    for (const g of generateFilters(100, { seed: 3 })) {
      assert.equal(g.valid, true);
      new Filter(g.filter).matches({ userName: 'bjensen' });
    }
  });

  test('defaults, determinism and seeds', () => {
    const base = generateFilters(30);
    assert.deepEqual(base, generateFilters(30, { seed: 0, invalidRatio: 0, style: 'user' }));
    assert.deepEqual(base, generateFilters(30, undefined));
    assert.deepEqual(base, generateFilters(30, null));
    assert.deepEqual(base, generateFilters(30, {}));
    assert.ok(base.every((g) => g.valid));
    assert.deepEqual(generateFilters(10), base.slice(0, 10));
    assert.notDeepEqual(generateFilters(30, { seed: 1 }), base);
    assert.deepEqual(generateFilters(0), []);
    assert.ok(generateFilters(20, { seed: 5, invalidRatio: 1 }).every((g) => !g.valid));
    assert.deepEqual(generateFilters(5, { style: 'SYNTAX' }), generateFilters(5, { style: 'syntax' }));
    assert.ok(generateFilters(5, { style: 'syntax' }).every((g) => g.kind === 'syntax'));
    // A number and the bigint of the same value are the same seed; bigints reach 2n ** 64n - 1n.
    assert.deepEqual(generateFilters(20, { seed: 7n, invalidRatio: 0.3 }), generateFilters(20, { seed: 7, invalidRatio: 0.3 }));
    const max = Number.MAX_SAFE_INTEGER;
    assert.deepEqual(generateFilters(3, { seed: BigInt(max) }), generateFilters(3, { seed: max }));
    const top = generateFilters(3, { seed: 2n ** 64n - 1n, invalidRatio: 0.5 });
    assert.deepEqual(top, generateFilters(3, { seed: 2n ** 64n - 1n, invalidRatio: 0.5 }));
    assert.notDeepEqual(top, generateFilters(3, { seed: 2n ** 64n - 2n, invalidRatio: 0.5 }));
  });

  test('results are new plain objects', () => {
    const [a] = generateFilters(1);
    const [b] = generateFilters(1);
    assert.notEqual(a, b);
    assert.equal(Object.getPrototypeOf(a), Object.prototype);
    a.filter = 'changed';
    assert.notEqual(generateFilters(1)[0].filter, 'changed');
    const invalid = generateFilters(3, { seed: 7, invalidRatio: 0.3 })[2];
    assert.deepEqual(invalid, {
      filter: 'not userName eq "olusegun.nakamura1005@example.net"',
      valid: false,
      kind: 'not-without-parens',
      scimType: 'invalidFilter',
      detail: 'expected `(` after `not`, found `userName`',
      span: { start: 4, end: 12 },
      from: 'userName eq "olusegun.nakamura1005@example.net"',
      lenientAccepts: false,
    });
    assert.equal(invalid.filter.slice(invalid.span.start, invalid.span.end), 'userName');
  });

  test('wrong types are TypeErrors, out of range values RangeErrors', () => {
    const typeErrors = [
      [[], /count must be a number, not undefined/],
      [['3'], /count must be a number, not a string/],
      [[3n], /count must be a number, not a bigint/],
      [[1, 'x'], /options must be an object, not a string/],
      [[1, []], /options must be an object, not an array/],
      [[1, { ratio: 0.5 }], /unknown option `ratio`; the options are seed, invalidRatio, style/],
      [[1, { seed: null }], /options.seed must be a number or a bigint, not null/],
      [[1, { seed: '7' }], /options.seed must be a number or a bigint, not a string/],
      [[1, { invalidRatio: '0.5' }], /options.invalidRatio must be a number, not a string/],
      [[1, { invalidRatio: null }], /options.invalidRatio must be a number, not null/],
      [[1, { style: 1 }], /options.style must be a string, not a number/],
    ];
    for (const [args, re] of typeErrors) {
      assert.throws(() => generateFilters(...args), (err) => {
        assert.ok(err instanceof TypeError, `${args}: ${err.stack}`);
        assert.equal(err.code, 'ERR_INVALID_ARG_TYPE');
        assert.match(err.message, re);
        return true;
      });
    }
    const rangeErrors = [
      [[-1], 'ERR_OUT_OF_RANGE', /count must be a non-negative safe integer, not -1/],
      [[1.5], 'ERR_OUT_OF_RANGE', /not 1.5/],
      [[NaN], 'ERR_OUT_OF_RANGE', /not NaN/],
      [[2 ** 32], 'ERR_OUT_OF_RANGE', /count must be at most 4294967295/],
      [[1, { seed: -1 }], 'ERR_OUT_OF_RANGE', /options.seed must be a non-negative safe integer/],
      [[1, { seed: 0.5 }], 'ERR_OUT_OF_RANGE', /options.seed must be a non-negative safe integer/],
      [[1, { seed: 2 ** 53 }], 'ERR_OUT_OF_RANGE', /options.seed must be a non-negative safe integer/],
      [[1, { seed: -1n }], 'ERR_OUT_OF_RANGE', /options.seed must be a bigint from 0n to 2n \*\* 64n - 1n/],
      [[1, { seed: 2n ** 64n }], 'ERR_OUT_OF_RANGE', /options.seed must be a bigint from 0n/],
      [[1, { invalidRatio: 1.5 }], 'ERR_OUT_OF_RANGE', /options.invalidRatio must be a number from 0 to 1, not 1.5/],
      [[1, { invalidRatio: -0.1 }], 'ERR_OUT_OF_RANGE', /not -0.1/],
      [[1, { invalidRatio: NaN }], 'ERR_OUT_OF_RANGE', /not NaN/],
      [[1, { style: 'odd' }], 'ERR_INVALID_ARG_VALUE', /options.style must be one of user, syntax, not "odd"/],
    ];
    for (const [args, code, re] of rangeErrors) {
      assert.throws(() => generateFilters(...args), (err) => {
        assert.ok(err instanceof RangeError, `${args}: ${err.stack}`);
        assert.equal(err.code, code);
        assert.match(err.message, re);
        return true;
      });
    }
  });
});
