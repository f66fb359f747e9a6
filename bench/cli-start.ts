// Benchmark (not a test): how long `meisai-connector` takes to start, against a bare `node -e 0`
// measured in the same run, interleaved, so that a busy machine slows both alike.
//
//   npx tsx bench/cli-start.ts [--quick]      (20 starts each; --quick: 7)
//
// Three commands are timed from the parent, spawn to exit: `node -e 0` (the floor: Node's own
// start), `meisai-connector --help` (the goal: ≤ 3× the floor) and `meisai-connector validate` on a
// shipped sample (the command a clerk's IT person runs most by hand; it loads the pre-flight and
// its CSV libraries). The bin is run as a user runs it, `node bin/meisai-connector.js`, after the
// CLI has been built afresh (scripts/build-cli.ts): the figures are those of the built JavaScript.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCli } from '../scripts/build-cli';
import { isMainModule, median, round } from './stats';

const REPO = join(import.meta.dirname, '..');
const BIN = join(REPO, 'bin/meisai-connector.js');
const SAMPLE = join(REPO, 'resources/samples/billdata_20261130.csv');

/** The goal of issue 14: `--help` within three bare Node starts. */
export const HELP_GOAL_RATIO = 3;

export interface CliStartFigures {
  readonly repeats: number;
  readonly bareMs: number;
  readonly helpMs: number;
  readonly validateMs: number;
  /** helpMs / bareMs. */
  readonly helpRatio: number;
  readonly validateRatio: number;
}

interface Probe { readonly name: 'bare' | 'help' | 'validate'; readonly args: readonly string[]; readonly exitCode: number }

const PROBES: readonly Probe[] = [
  { name: 'bare', args: ['-e', '0'], exitCode: 0 },
  { name: 'help', args: [BIN, '--help'], exitCode: 0 },
  { name: 'validate', args: [BIN, 'validate', SAMPLE], exitCode: 0 },
];

function timeOnce(probe: Probe): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, probe.args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = performance.now() - t;
  if (r.status !== probe.exitCode) throw new Error(`cli-start: ${probe.name} exited ${String(r.status)}:\n${r.stdout}\n${r.stderr}`);
  // The bin says so on stderr when it falls back to the sources; the built CLI prints nothing there.
  if (r.stderr !== '') throw new Error(`cli-start: ${probe.name} did not run the built CLI quietly:\n${r.stderr}`);
  return ms;
}

export async function benchCliStart(options: { repeats: number; log?: (s: string) => void }): Promise<CliStartFigures> {
  await buildCli();
  const times: Record<Probe['name'], number[]> = { bare: [], help: [], validate: [] };
  options.log?.(`  cli start: ${options.repeats} starts each of node -e 0, --help and validate, interleaved`);
  // Two warm-up rounds fill the OS file cache for Node, the bin and its modules.
  for (let round = -2; round < options.repeats; round++) {
    for (const probe of PROBES) {
      const ms = timeOnce(probe);
      if (round >= 0) times[probe.name].push(ms);
    }
  }
  const bareMs = median(times.bare);
  const helpMs = median(times.help);
  const validateMs = median(times.validate);
  return {
    repeats: options.repeats,
    bareMs: round(bareMs, 1),
    helpMs: round(helpMs, 1),
    validateMs: round(validateMs, 1),
    helpRatio: round(helpMs / bareMs, 2),
    validateRatio: round(validateMs / bareMs, 2),
  };
}

export function formatCliStart(f: CliStartFigures): string {
  return [
    `meisai-connector start (the built CLI in out/cli), median of ${f.repeats}:`,
    `  node -e 0        ${f.bareMs} ms`,
    `  --help           ${f.helpMs} ms = ${f.helpRatio}× (goal ≤ ${HELP_GOAL_RATIO}×)`,
    `  validate sample  ${f.validateMs} ms = ${f.validateRatio}×`,
  ].join('\n');
}

if (isMainModule(import.meta.filename)) {
  const quick = process.argv.includes('--quick');
  console.log(formatCliStart(await benchCliStart({ repeats: quick ? 7 : 20, log: (s) => console.error(s) })));
}
