// The committed index.d.ts and index.js must be exactly what `napi build` generates from the
// sources (src/*.rs and dts-header.d.ts). test.sh builds into a scratch directory and passes it
// as SCIMKIT_NODE_GENERATED; run alone, this test builds there itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');

test('index.d.ts and index.js are up to date (run `npm run build` and commit them)', () => {
  let dir = process.env.SCIMKIT_NODE_GENERATED;
  let scratch;
  if (!dir) {
    dir = scratch = mkdtempSync(join(tmpdir(), 'scimkit-dts-'));
    const napi = join(PKG, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js');
    execFileSync(process.execPath, [napi, 'build', '--platform', '--output-dir', dir], {
      cwd: PKG,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  try {
    for (const file of ['index.d.ts', 'index.js']) {
      const generated = readFileSync(join(dir, file), 'utf8');
      const committed = readFileSync(join(PKG, file), 'utf8');
      assert.equal(committed, generated, `${file} differs from what napi build generates`);
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
});
