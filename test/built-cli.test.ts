// The CLI as `npm run build` leaves it (out/cli, scripts/build-cli.ts), run through the bin the way
// a user runs it: it starts without tsx, answers --help, validates the shipped samples, runs the
// demo end to end, and its entry chunk imports nothing heavy (so --help stays fast).
//
// Without out/ (a checkout where `npm run build` has not run) the test reports itself skipped and
// says why; on CI (`CI` set), where .ci/run builds before testing, a missing build is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_SAMPLES } from './fixture-samples';

const REPO = join(import.meta.dirname, '..');
const BIN = join(REPO, 'bin/meisai-connector.js');
const SHIPPED_SAMPLES = join(REPO, 'resources/samples');
const ENTRY = join(REPO, 'out/cli/main.js');
const META = join(REPO, 'out/cli/meta.json');
const FALLBACK_NOTE = 'ソース（TypeScript）から実行します';

const built = existsSync(ENTRY) && existsSync(META);
const onCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const skipReason = built ? null : 'out/cli is missing: run `npm run build` first (the CLI is built by scripts/build-cli.ts)';
// On CI a missing build fails the whole file, before any test is collected.
if (skipReason !== null && onCi) throw new Error(`CI runs \`npm run build\` before the tests, yet ${skipReason}`);
if (skipReason !== null) console.warn(`test/built-cli.test.ts: SKIPPED — ${skipReason}`);

const bin = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8' });

describe('the built CLI', () => {
  describe.skipIf(!built)(built ? 'out/cli through bin/meisai-connector.js' : `SKIPPED — ${skipReason}`, () => {
    it('--help answers from the built JavaScript, without tsx', () => {
      const r = bin('--help');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('使い方: meisai-connector <コマンド>');
      expect(r.stderr).not.toContain(FALLBACK_NOTE);
    });

    it('validate passes a good sample and fails a ragged one, with the exit codes', () => {
      const ok = bin('validate', join(SHIPPED_SAMPLES, 'billdata_20261130.csv'));
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('OK  billdata_20261130.csv');
      const bad = bin('validate', join(FIXTURE_SAMPLES, 'bad', 'billdata_ragged.csv'));
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('3行目');
    });

    it('runs the demo end to end (SQLite, HTTP, the sandbox, the samples found from out/cli)', () => {
      const r = bin('demo');
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('デモ成功');
    });

    it('keeps the entry chunk light: --help loads no heavy module, each command is its own chunk', () => {
      const meta = JSON.parse(readFileSync(META, 'utf8')) as { outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; entryPoint?: string }> };
      const entry = relative(REPO, ENTRY);
      // Everything the entry loads before it runs: its static imports, followed through chunks.
      const eager = new Set<string>();
      const walk = (file: string) => {
        for (const i of meta.outputs[file]?.imports ?? []) {
          if (i.kind !== 'import-statement' || eager.has(i.path)) continue;
          eager.add(i.path);
          if (!i.external) walk(i.path);
        }
      };
      walk(entry);
      const packages = [...eager].filter((p) => !p.startsWith('node:') && !p.startsWith('out/'));
      expect(packages).toEqual([]);
      const lazy = (meta.outputs[entry]?.imports ?? []).filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
      expect(lazy.length).toBeGreaterThanOrEqual(6);
    });
  });
});
