// @ts-check
// The API simulator as the UI tests start it: the build's CommonJS output (`npm run build` makes out/), typed from
// its TypeScript source, so type-checking the tests needs no build first.
import { createRequire } from 'node:module';

/** @type {typeof import('../../simulator/index.js')} */
const simulatorModule = createRequire(import.meta.url)('../../out/simulator/index.js');
export default simulatorModule;

/** @typedef {import('../../simulator/index.js').Simulator} Simulator */
