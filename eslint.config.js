// Lint, and the boundaries kept by machine rather than by memory:
// - `electron` only at the edge (electron/main, the preload), Node only where Node runs (never in
//   shared/ or the window): `no-restricted-imports` on package names;
// - the layers by path, however an import is spelled (lint/import-zones.js resolves relative
//   specifiers): the core never reaches up into main, the CLI or the window; shared/ depends on
//   nothing outside shared/; the window never reaches into electron/; the preload only into shared/;
// - `ipcMain` only in electron/main/ipc-wiring.ts, the one module that registers IPC handlers.
// lint/import-zones.test.ts plants an import in each zone and proves it is refused.
// - no function over 120 lines outside tests (issue 12): areas live in rooms, not in one closure.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import localRules from './lint/import-zones.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'chokidar', 'node-schedule', 'got', 'iconv-lite', 'papaparse'];

const IPC_WIRING = 'electron/main/ipc-wiring.ts';
// The entry point hands the whole `electron` module to createMain; it reads no member of it.
const ELECTRON_ENTRY = 'electron/main/index.ts';
const IPC_MAIN_MESSAGE = `IPC handlers are registered in ${IPC_WIRING} only: take what you need from the core there.`;

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-output/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { local: localRules },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain'], message: IPC_MAIN_MESSAGE }] }],
      'no-restricted-properties': ['error', { property: 'ipcMain', message: IPC_MAIN_MESSAGE }],
    },
  },
  {
    files: [IPC_WIRING],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-properties': 'off' },
  },
  {
    files: [ELECTRON_ENTRY],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The core runs in plain Node: keep `electron` in electron/main or the preload.' }],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'local/import-zones': ['error', {
        root,
        forbid: ['electron/main', 'electron/cli', 'renderer'],
        message: 'The core is used by main, the CLI and the tests alike: it must not depend on any of them.',
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'local/import-zones': ['error', { root, allow: ['electron/preload', 'shared'], message: 'The sandboxed preload bundles what it imports: only the contract, never the core.' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'shared/ is used by both sides: no Electron here.' },
          ...[...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({ name, message: 'shared/ runs in the browser too: no Node modules here.' })),
        ],
      }],
      'local/import-zones': ['error', { root, allow: ['shared'], message: 'shared/ is used by every side: it may import only from shared/.' }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/test/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The window talks to main only through window.api (shared/ipc/contract.ts).' },
          ...[...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({ name, message: 'The renderer is sandboxed: no Node modules.' })),
        ],
      }],
      'local/import-zones': ['error', { root, forbid: ['electron'], message: 'The window talks to main only through window.api (shared/ipc/contract.ts).' }],
    },
  },
  {
    // Issue 12: no closure holds a whole area again. A factory that grows past this is a room that
    // wants its own module (see README, "The rooms"). Tests may be long: a story told in order.
    files: ['electron/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'shared/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'renderer/test/**'],
    rules: { 'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }] },
  },
);
