// Lint, and the boundaries kept by machine: `electron` only at the edge (electron/main, preload),
// Node only where Node runs (never in shared/ or renderer/).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'chokidar', 'node-schedule', 'got', 'iconv-lite', 'papaparse'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-output/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
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
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'shared/ is used by both sides: no Electron here.' },
          ...[...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({ name, message: 'shared/ runs in the browser too: no Node modules here.' })),
        ],
      }],
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
        patterns: [{ group: ['**/electron/**'], message: 'The window talks to main only through window.api.' }],
      }],
    },
  },
);
