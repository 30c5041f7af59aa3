// The npm package's ES module: the engine (web/src/engine.js, copied as engine.mjs) with the
// WebAssembly core built in (core.mjs, which carries its binary), so
//   import { createEngine } from 'activation-lab';
//   const engine = await createEngine();
// works in node 20 and in a browser <script type="module"> from a CDN, with nothing fetched
// besides these modules. Types: index.d.ts. scripts/build-engine.mjs assembles the folder.

import createCoreModule from './core.mjs';
import { createEngine as createEngineWith } from './engine.mjs';

export { CoreError, ENGINE_ERRORS, modelToSpec, paramsToLayers } from './engine.mjs';
export { createCoreModule };

/** The engine on this package's core, or on `factory` (another build's createCoreModule). */
export function createEngine(factory = createCoreModule, moduleOptions = {}) {
  return createEngineWith(factory, moduleOptions);
}
