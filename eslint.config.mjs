// ESLint (flat config): typescript-eslint's recommended rules, and the direction of dependencies,
// core ← protocol ← {worker, extension, cli, webview}, as import restrictions per folder (the host's
// worker pool lives with the threads it starts, in src/worker). The panel and
// the extension host may see core's types but take its run-time code only through protocol/, so a
// webview bundle never drags a parser in and the host bundle stays small.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { regex: '^(node:|(fs|path|os|crypto|zlib|worker_threads|child_process|url|util)$)', message: 'core and the panel run without Node: take what they need as a parameter (core/env.ts).' };
const vscodeApi = { regex: '^vscode$', message: 'only src/extension talks to VS Code.' };
// a relative path that climbs out of the importing folder into one of these (from webview/: ../src/x)
const folder = (names, message) => ({ regex: `^(\\.\\./)+(src/)?(${names.join('|')})(/|$)`, message });
const coreAtRunTime = { regex: '^(\\.\\./)+(src/)?core(/|$)', allowTypeImports: true, message: 'import core run-time code through src/protocol (types may come from core directly: `import type`).' };

const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'src/core/kernels/wasm/assembly/**', 'media/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs,js}'],
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', exports: 'writable',
        __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', structuredClone: 'readonly', globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // commands receive whatever VS Code or a test passes; the host narrows them
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      // hot loops use comma expressions and `c ? a++ : b++` on purpose
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // page.waitForFunction bodies run in the browser
    files: ['e2e/**/*.js'],
    languageOptions: { globals: { document: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(nodeBuiltins, vscodeApi, folder(['protocol', 'extension', 'worker', 'cli', 'node', 'webview'], 'core is pure: nothing outside it may be imported.')),
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: restrict(nodeBuiltins, vscodeApi, folder(['extension', 'worker', 'cli', 'node', 'webview'], 'protocol sits between core and its users: it imports core only.')),
  },
  {
    files: ['webview/**/*.ts'],
    rules: restrict(nodeBuiltins, vscodeApi, coreAtRunTime, folder(['extension', 'worker', 'cli', 'node'], 'the panel talks to the host by messages only (src/protocol/webview.ts).')),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: restrict(coreAtRunTime, folder(['webview', 'cli'], 'the host runs analyses in the worker pool (src/worker/pool.ts) and talks to the panel by messages.')),
  },
  {
    files: ['src/worker/**/*.ts', 'src/cli/**/*.ts', 'src/node/**/*.ts'],
    rules: restrict(vscodeApi, folder(['extension', 'webview'], 'the worker, the CLI and the Node adapters run without VS Code and the panel.')),
  },
);
