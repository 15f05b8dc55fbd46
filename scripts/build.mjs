// @ts-check
// Bundles the extension into dist/extension.js with esbuild. `--production` minifies; `--watch` rebuilds.
// `--outfile PATH` writes the bundle elsewhere and `--metafile PATH` saves esbuild's metafile (the benchmarks use both).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

// ofetch's Node entry pulls in node-fetch-native (a ~115 KB fetch polyfill). Every VS Code extension host
// has a global fetch, so bundle ofetch's runtime-neutral build, which uses it.
/** @type {esbuild.Plugin} */
const globalFetchOfetch = {
  name: 'global-fetch-ofetch',
  setup(build) {
    const neutral = path.join(path.dirname(require.resolve('ofetch/package.json')), 'dist', 'index.cjs');
    build.onResolve({ filter: /^ofetch$/ }, () => ({ path: neutral }));
  },
};

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const argValue = (flag) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const outfile = argValue('--outfile') ?? 'dist/extension.js';
const metafilePath = argValue('--metafile');

/** @type {esbuild.BuildOptions & { metafile: true }} */
const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile,
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  plugins: [globalFetchOfetch],
  logLevel: 'warning',
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('esbuild: watching src/ …');
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  if (metafilePath) fs.writeFileSync(metafilePath, JSON.stringify(result.metafile));
  console.log(`esbuild: ${outfile} ${(bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
}
