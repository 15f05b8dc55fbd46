// @ts-check
// Bundles the extension with esbuild: dist/extension.js, loaded at activation, and one file per engine loaded on first
// use (LAZY below). `--production` minifies; `--watch` rebuilds on every change. `--outfile PATH` writes the bundles
// elsewhere (the engines beside it) and `--metafile PATH` saves esbuild's metafile of all of them (the benchmarks).
//
// How an engine shares the main bundle's modules: the source imports it with `await import('…/engine.js')`, which
// the main bundle turns into `require('./upload.js')`. The engine's own bundle holds only what the main bundle does
// not: each module both need comes from the main bundle (it exports them as `__shared`), so there is one copy of
// each, with one state (the translator installed at activation) and one identity for `instanceof`.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Loaded on first use, each into a file of its own beside the main bundle. */
const LAZY = [
  { name: 'upload', entry: 'src/core/upload/engine.ts' },
  { name: 'auth', entry: 'src/core/auth/engine.ts' },
];
const MAIN_ENTRY = 'src/extension.ts';
const SHARED_NAMESPACE = 'linode-images-shared';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** @param {string} flag */
const argValue = (flag) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const outfile = argValue('--outfile') ?? 'dist/extension.js';
const metafilePath = argValue('--metafile');
const outdir = path.dirname(outfile);
const mainFileName = path.basename(outfile);

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // `import()` becomes `require()`: the engine then shares the module cache, and so the main bundle, with VS Code.
  supported: { 'dynamic-import': false },
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  write: false,
  logLevel: 'warning',
};

const lazyByEntry = new Map(LAZY.map((chunk) => [path.resolve(chunk.entry), chunk]));
/** @param {string} file */
const inputKey = (file) => path.relative(process.cwd(), file).split(path.sep).join('/');

/**
 * Resolves a relative import the way esbuild would, then lets `decide` turn it into something else.
 * @param {string} name
 * @param {(resolved: string, args: esbuild.OnResolveArgs) => esbuild.OnResolveResult | undefined} decide
 * @returns {esbuild.Plugin}
 */
function onRelativeImport(name, decide) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: /^\./, namespace: 'file' }, async (args) => {
        if (args.pluginData?.[name]) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { [name]: true } });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return decide(resolved.path, args) ?? { path: resolved.path };
      });
    },
  };
}

/** The main bundle: each engine stays out of it, loaded with `require('./<name>.js')` when first imported. */
const leaveEnginesOut = onRelativeImport('leave-engines-out', (resolved, args) => {
  const chunk = lazyByEntry.get(resolved);
  if (!chunk) return undefined;
  if (args.kind !== 'dynamic-import') {
    return { errors: [{ text: `${inputKey(resolved)} is loaded on first use: import it with \`await import('…/engine.js')\`, not statically (from ${inputKey(args.importer)})` }] };
  }
  return { path: `./${chunk.name}.js`, external: true };
});

/**
 * An engine's bundle: a module the main bundle holds comes from there.
 * @param {Set<string>} inMain the main bundle's modules
 * @param {Set<string>} used collects the ones this engine takes from it
 * @returns {esbuild.Plugin}
 */
function shareWithMain(inMain, used) {
  const redirect = onRelativeImport('share-with-main', (resolved) => {
    const key = inputKey(resolved);
    if (!inMain.has(key)) return undefined;
    used.add(key);
    return { path: key, namespace: SHARED_NAMESPACE };
  });
  return {
    name: 'share-with-main',
    async setup(build) {
      await redirect.setup(build);
      build.onResolve({ filter: /.*/, namespace: SHARED_NAMESPACE }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: SHARED_NAMESPACE }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${mainFileName}`)}).__shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** @param {Set<string>} shared the modules the engines take from the main bundle */
function mainBuild(shared) {
  const keys = [...shared].sort();
  const contents = [
    `export * from './${MAIN_ENTRY}';`,
    ...keys.map((key, i) => `import * as shared${i} from './${key}';`),
    `export const __shared = {${keys.map((key, i) => `${JSON.stringify(key)}: shared${i}`).join(', ')}};`,
  ].join('\n');
  return esbuild.build({
    ...common,
    stdin: { contents, resolveDir: process.cwd(), sourcefile: 'extension-entry.ts', loader: 'ts' },
    outfile,
    plugins: [leaveEnginesOut],
  });
}

/** @param {{ name: string; entry: string }} chunk @param {Set<string>} inMain @param {Set<string>} used */
function engineBuild(chunk, inMain, used) {
  return esbuild.build({
    ...common,
    entryPoints: [chunk.entry],
    outfile: path.join(outdir, `${chunk.name}.js`),
    plugins: [shareWithMain(inMain, used)],
  });
}

/** @param {esbuild.BuildResult} result */
const bundledModules = (result) => new Set(Object.keys(result.metafile?.inputs ?? {}));

/**
 * Builds until the main bundle exports exactly what the engines take from it (exporting a module can bring more of
 * it into the main bundle, and so change what the engines find there): two rounds, a third at most.
 */
async function buildAll() {
  /** @type {Set<string>} */
  let shared = new Set();
  for (let round = 1; ; round++) {
    const main = await mainBuild(shared);
    const inMain = bundledModules(main);
    /** @type {Set<string>} */
    const used = new Set();
    const engines = await Promise.all(LAZY.map((chunk) => engineBuild(chunk, inMain, used)));
    const settled = used.size === shared.size && [...used].every((key) => shared.has(key));
    if (settled || round === 3) {
      if (!settled) throw new Error('build: the engines and the main bundle did not agree on what they share');
      return [main, ...engines];
    }
    shared = used;
  }
}

/** @param {esbuild.BuildResult[]} results */
function write(results) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const result of results) for (const file of result.outputFiles ?? []) fs.writeFileSync(file.path, file.contents);
  const outputs = Object.assign({}, ...results.map((result) => result.metafile?.outputs ?? {}));
  const inputs = Object.assign({}, ...results.map((result) => result.metafile?.inputs ?? {}));
  if (metafilePath) fs.writeFileSync(metafilePath, JSON.stringify({ inputs, outputs }));
  const sizes = Object.entries(outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => `${path.basename(file)} ${(output.bytes / 1024).toFixed(1)} KB`);
  console.log(`esbuild: ${sizes.join(', ')}${production ? ' (minified)' : ''} in ${outdir}`);
}

if (watch) {
  // One context that sees every source file; each change rebuilds all the bundles.
  const context = await esbuild.context({
    ...common,
    entryPoints: [MAIN_ENTRY, ...LAZY.map((chunk) => chunk.entry)],
    outdir: path.join(outdir, '.watch'),
    sourcemap: false,
    plugins: [{
      name: 'rebuild-all',
      setup(build) {
        build.onEnd(async (result) => {
          if (result.errors.length === 0) write(await buildAll().catch((error) => { console.error(error); return []; }));
        });
      },
    }],
  });
  await context.watch();
  console.log('esbuild: watching src/ …');
} else {
  write(await buildAll());
}
