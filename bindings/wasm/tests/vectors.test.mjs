// The shared vectors (testdata/, format in testdata/README.md) against the Node build of the
// WASM package, through the runner the Node addon uses too: filters and paths, PATCH, then the
// schema engine (validation, projection, sorting) and the service provider documents.
import test from 'node:test';

import { registerPatchVectorTests, registerSchemaVectorTests, registerVectorTests } from '../../js-test/vectors.mjs';
import * as api from './api.mjs';

registerVectorTests(test, api, 'wasm');
registerPatchVectorTests(test, api, 'wasm');
registerSchemaVectorTests(test, api, 'wasm');
