// The shared vectors (testdata/, format in testdata/README.md) against the Node build of the
// WASM package, through the runner the Node addon uses too.
import test from 'node:test';

import { registerVectorTests } from '../../js-test/vectors.mjs';
import * as api from './api.mjs';

registerVectorTests(test, api, 'wasm');
