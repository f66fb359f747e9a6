// Builds the `meisai-connector` CLI into out/cli/ as plain JavaScript, the step `npm run build`
// runs after electron-vite. The bin (bin/meisai-connector.js) imports out/cli/main.js, so neither a
// clerk's server nor the idle headless agent carries a TypeScript compiler.
//
// Why esbuild apart from electron-vite: the CLI runs on plain Node ≥ 20.19, not on Electron's Node
// 24, so it needs its own target; and its commands must stay separate chunks (`splitting`) so that
// main.ts's lazy import() of each command is real and `--help` loads nothing heavy.
//
// What is bundled and what is not is chosen by what the idle headless agent holds in memory
// (bench/idle.ts, goal ≤ 60 MB RSS), measured on this machine, three agents each:
//   - external, resolved from node_modules at run time: better-sqlite3 (native); iconv-lite, which
//     reads a code page's table from disk only when it is used (bundled, every table's source would
//     sit in memory); got, which the API client loads at its first request only.
//   - bundled: zod, chokidar, papaparse, busboy, @holiday-jp/holiday_jp. Bundling lets esbuild drop
//     what the CLI never uses (zod's index alone loads ~50 locale modules), and whitespace-minified
//     code is parsed with a smaller peak of native memory: together 69 → 60 MB idle RSS. Names are
//     kept (no identifier minification), so a logged stack trace still says which function failed;
//     `node --enable-source-maps bin/meisai-connector.js …` maps it back to the sources.
// out/cli/meta.json (esbuild's metafile) records which chunk imports what; test/built-cli.test.ts
// reads it to check that the entry chunk stays light.
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const REPO = resolve(import.meta.dirname, '..');
export const CLI_OUT_DIR = join(REPO, 'out/cli');
export const CLI_ENTRY = join(CLI_OUT_DIR, 'main.js');
export const CLI_META = join(CLI_OUT_DIR, 'meta.json');

/** Resolved from node_modules at run time (see above). */
export const EXTERNAL = ['better-sqlite3', 'iconv-lite', 'got', 'hpagent'] as const;

/** The oldest Node the CLI supports (package.json `engines`). */
const NODE_TARGET = 'node20.19';

export async function buildCli(): Promise<void> {
  await rm(CLI_OUT_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO,
    entryPoints: { main: 'electron/cli/main.ts' },
    outdir: CLI_OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    external: [...EXTERNAL],
    // Bundled CommonJS packages (papaparse, busboy, the holiday list) call require(): give the ES
    // module output a real one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    minifyWhitespace: true,
    // Stack traces a maintainer can read with `node --enable-source-maps`; never loaded otherwise.
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(CLI_META, `${JSON.stringify(result.metafile, null, 1)}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  await buildCli();
  console.log(`built ${CLI_ENTRY}`);
}
