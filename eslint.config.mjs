// Lint rules: typed rules that catch real bugs (floating promises), and the core kept free of `vscode`.
import tseslint from 'typescript-eslint';
import { userStrings } from './scripts/lint-rules/userStrings.mjs';

export default tseslint.config(
  // The scripts and UI tests are plain JavaScript modules; other .mjs/.js files are generated or configuration.
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.mjs', '**/*.js', '!scripts/**/*.mjs', '!test/e2e/**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // What the user reads is translatable: see scripts/lint-rules/userStrings.mjs.
    files: ['src/**/*.ts'],
    plugins: { local: { rules: { 'user-strings': userStrings } } },
    rules: { 'local/user-strings': 'error' },
  },
  {
    // Scripts and UI tests: the same typed rules, with types from JSDoc, checked by tsconfig.scripts.json (`npm run
    // lint` runs tsc on it too; it knows Node's globals from @types/node and the browser's for page.evaluate).
    files: ['scripts/**/*.mjs', 'test/e2e/**/*.mjs'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.scripts.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The core (API client, image model, upload engine) and the simulator run in plain Node.
    files: ['src/core/**/*.ts', 'simulator/**/*.ts', 'bench/**/*.ts'],
    // bench/host/ is loaded by the extension host, like the integration tests.
    ignores: ['bench/host/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The core must not depend on VS Code.' }] }],
    },
  },
);
