// The shared vectors in ../../../testdata, run against the built addon (one test per case).
import test from 'node:test';
import { createRequire } from 'node:module';

import { registerPatchVectorTests, registerSchemaVectorTests, registerVectorTests } from '../../js-test/vectors.mjs';

const api = createRequire(import.meta.url)('../index.js');

registerVectorTests(test, api, 'node');
registerPatchVectorTests(test, api, 'node');
registerSchemaVectorTests(test, api, 'node');
