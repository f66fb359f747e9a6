#!/usr/bin/env node
// The `meisai-connector` command. It runs the JavaScript that `npm run build` bundles into out/cli
// (scripts/build-cli.ts): no compiler at start, so `--help` costs about a bare Node start and the
// idle headless agent carries no TypeScript toolchain.
//
// A checkout that has not been built yet still works: the sources run through tsx (a dev
// dependency), and stderr says so, because that start is several times slower and runs whatever
// the sources say now, while the built CLI runs what was built last.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// The headless agent lives for weeks and spends that life waiting for a slot or a file. V8's
// optimizing compiler (TurboFan) buys speed in hot loops the agent rarely has, and its background
// compile jobs leave malloc arenas behind that the process keeps: without it the idle agent holds
// about 4.5 MB less (docs/performance.md, Idle). Set before any of the CLI's code is loaded, which
// is what `node --no-opt` would do; only for `agent`: a one-shot `run` or `validate` keeps the full
// compiler for large files.
if (process.argv[2] === 'agent') setFlagsFromString('--no-opt');

const built = new URL('../out/cli/main.js', import.meta.url);

if (existsSync(built)) {
  await import(built.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('meisai-connector: ビルド済みのCLI（out/cli/main.js）が見つかりません。npm run build を実行してください。\n');
    process.exit(1);
  }
  process.stderr.write('meisai-connector: ビルド済みのCLIがないため、ソース（TypeScript）から実行します。npm run build で起動が速くなります。\n');
  register();
  await import('../electron/cli/main.ts');
}
