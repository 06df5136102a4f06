// The Node build of the package (`pkg/node`, built by ../build.sh), for the tests.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const api = require('../pkg/node/scimkit_wasm.js');

export const {
  Filter,
  PatchPath,
  Schemas,
  applyPatch,
  PatchRequest,
  PROFILES,
  validate,
  project,
  sort,
  serviceProviderConfig,
  listResponse,
} = api;
export default api;
