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
//   - bundled: zod, chokidar, papaparse, busboy, @holiday-jp/holiday_jp, with zod's translations
//     left out (see dropZodTranslations). The output is minified but for names: V8 parses smaller
//     source with a lower peak of native memory that glibc then keeps, and this took the idle agent
//     from 69 to 60 MB RSS (the lazy got in the API client took it from 77 to 69). Names are kept,
//     so a logged stack trace still says which function failed; `node --enable-source-maps
//     bin/meisai-connector.js …` maps it back to the sources (minifying names too gained 0.5 MB).
// out/cli/meta.json (esbuild's metafile) records which chunk imports what; test/built-cli.test.ts
// reads it to check that the entry chunk stays light.
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const REPO = resolve(import.meta.dirname, '..');
export const CLI_OUT_DIR = join(REPO, 'out/cli');
export const CLI_ENTRY = join(CLI_OUT_DIR, 'main.js');
export const CLI_META = join(CLI_OUT_DIR, 'meta.json');

/** Resolved from node_modules at run time (see above). */
export const EXTERNAL = ['better-sqlite3', 'iconv-lite', 'got', 'hpagent'] as const;

/**
 * zod re-exports all of its ~50 translations (`z.locales`, `z.core.locales`) from one index, and
 * because `z` is a namespace the bundler cannot drop the ones nobody calls: 298 KB of the CLI's
 * 590 KB of zod. The project never switches zod's language (every message the clerk sees is its
 * own Japanese text), so the index is replaced by an empty module; English, zod's default, is
 * imported by zod directly and stays.
 */
const dropZodTranslations: Plugin = {
  name: 'drop-zod-translations',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

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
    plugins: [dropZodTranslations],
    // Bundled CommonJS packages (papaparse, busboy, the holiday list) call require(): give the ES
    // module output a real one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
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
