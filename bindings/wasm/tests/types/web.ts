// The web build's extra: the default export instantiates the module (type-checked only).
import init, { initSync, Filter } from 'scimkit-wasm';

await init();
await init({ module_or_path: new URL('https://example.com/scimkit_wasm_bg.wasm') });
initSync({ module: new Uint8Array(8) });
export const canonical: string = String(new Filter('a pr'));

// @ts-expect-error initSync needs the module
initSync();
