// The shared vectors (testdata/, format in testdata/README.md) against the Node build of the
// WASM package, through the runner the Node addon uses too: filters and paths, then PATCH.
import test from 'node:test';

import { registerPatchVectorTests, registerVectorTests } from '../../js-test/vectors.mjs';
import * as api from './api.mjs';

registerVectorTests(test, api, 'wasm');
registerPatchVectorTests(test, api, 'wasm');
