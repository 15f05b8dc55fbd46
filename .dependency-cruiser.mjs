// @ts-check
// The import rules of the project, checked by dependency-cruiser (`npm run check:layers`, a step of `npm test`).
// A violation is printed with the rule's name, the importing module and the imported one; the exit code is then 1.
// Type-only imports count (`tsPreCompilationDeps`): an erased `import type` still ties one layer's design to another's.
// An ES module (.mjs), like the other configuration files ESLint leaves alone (eslint.config.mjs ignores *.mjs and
// *.js outside scripts/ as configuration; a .cjs would be linted with typed rules and belongs to no tsconfig).

/**
 * The `vscode` module. With @types/vscode installed, TypeScript resolves it to node_modules/@types/vscode/index.d.ts
 * (dependency type `npm-dev`); without, it stays `vscode` (`unknown`, couldNotResolve). Either way, any kind of
 * dependency on it (import, `import type`, `import()`) is matched by path, whatever its dependency type.
 */
const VSCODE = ['^vscode$', '^node_modules/@types/vscode/'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import one another in a circle cannot be understood, tested or loaded one at a time, and an ' +
        'import cycle makes the order in which modules initialise decide what a module sees. Move the shared piece ' +
        'to a module both can import.',
      from: { path: '^(src|simulator|test|bench|scripts)/' },
      to: { circular: true },
    },
    {
      name: 'core-not-to-vscode',
      severity: 'error',
      comment:
        'src/core runs in plain Node: the unit tests, the chaos tests, the benchmarks and the simulator checks load ' +
        'it without VS Code. Anything that needs the editor belongs in src/host, which hands the core what it needs.',
      from: { path: '^src/core/' },
      to: { path: VSCODE },
    },
    {
      name: 'core-not-to-host',
      severity: 'error',
      comment:
        'src/host (the VS Code layer) is built on the core, not the other way round: a core module that imports the ' +
        'host pulls `vscode` in behind it and can no longer run in plain Node.',
      from: { path: '^src/core/' },
      to: { path: '^src/host/' },
    },
    {
      name: 'api-not-to-upload',
      severity: 'error',
      comment:
        'The upload engine is built on the API layer, not the other way round: the client, its types and errors and ' +
        'the confirmed changes load and are tested without the upload engine (its transfer, inflater, node:http and ' +
        'node:zlib code). What both need (looking for the images a lost create made) lives in the API layer.',
      from: { path: '^src/core/api/' },
      to: { path: '^src/core/upload/' },
    },
    {
      name: 'simulator-only-api-types',
      severity: 'error',
      comment:
        "The simulator plays Linode's side: it shares only the API's wire types with the extension " +
        '(src/core/api/types.ts), so that it answers what Linode answers, not what the client happens to expect, and ' +
        "a change to the client's logic cannot quietly change the simulator too.",
      from: { path: '^simulator/' },
      to: { path: '^src/', pathNot: '^src/core/api/types[.]ts$' },
    },
  ],
  options: {
    // Dependencies inside node_modules are not cruised: only the project's own modules are checked.
    doNotFollow: { path: 'node_modules' },
    // Resolve as the compiler does (node16), and count imports TypeScript erases (`import type`, types-only use).
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // The compiled output and test results are not sources.
    exclude: { path: '^(out|dist|test-output)/' },
  },
};
