// @ts-check
// Bundles the extension with esbuild into one file, dist/extension.js. `--production` minifies; `--watch` rebuilds on
// every change. `--outfile PATH` writes the bundle elsewhere and `--metafile PATH` saves esbuild's metafile (the
// benchmarks read both).
//
// One bundle: splitting the upload engine and the OAuth code into files loaded on first use saved no activation
// time that shows (bench:activate, this tree against a commit with the split: see CONTRIBUTING.md).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** @param {string} flag */
const argValue = (flag) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const outfile = argValue('--outfile') ?? 'dist/extension.js';
const metafilePath = argValue('--metafile');

/**
 * ofetch's Node entry pulls in node-fetch-native (a 115 KB fetch polyfill); every VS Code extension host has a
 * global fetch, so the bundle takes ofetch's runtime-neutral build, which uses it.
 * @type {esbuild.Plugin}
 */
const globalFetchOfetch = {
  name: 'global-fetch-ofetch',
  setup(build) {
    const neutral = path.join(path.dirname(createRequire(import.meta.url).resolve('ofetch/package.json')), 'dist', 'index.cjs');
    build.onResolve({ filter: /^ofetch$/ }, () => ({ path: neutral }));
  },
};

/** @type {esbuild.Plugin} */
const report = {
  name: 'report',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0 || !result.metafile) return;
      if (metafilePath) fs.writeFileSync(metafilePath, JSON.stringify(result.metafile));
      const bytes = fs.statSync(outfile).size;
      console.log(`esbuild: ${path.basename(outfile)} ${(bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''} in ${path.dirname(outfile)}`);
    });
  },
};

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints: ['src/extension.ts'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [globalFetchOfetch, report],
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('esbuild: watching src/ …');
} else {
  await esbuild.build(options);
}
