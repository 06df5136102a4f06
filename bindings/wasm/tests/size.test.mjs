// The download a browser pays for: the .wasm, raw and gzipped, against the budget.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..', 'pkg');
/**
 * The budget for the gzipped .wasm, in bytes: the project's target is under 150 kB, and the
 * module (filters, PATCH and the schema engine) was 147.1 kB when this was set. The README's
 * "Size" section says what each part costs and what was done to get there.
 */
const GZIP_BUDGET = 149_000;

test('the .wasm gzips to less than 149 kB', () => {
  const wasm = readFileSync(join(PKG, 'web', 'scimkit_wasm_bg.wasm'));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`scimkit_wasm_bg.wasm: ${wasm.length} bytes (${kb(wasm.length)}) raw, ` +
    `${gzipped} bytes (${kb(gzipped)}) gzipped; budget ${kb(GZIP_BUDGET)} gzipped`);
  assert.ok(gzipped < GZIP_BUDGET, `${gzipped} bytes gzipped is over the budget`);
  // Both flavours ship the same module.
  assert.ok(wasm.equals(readFileSync(join(PKG, 'node', 'scimkit_wasm_bg.wasm'))));
});
