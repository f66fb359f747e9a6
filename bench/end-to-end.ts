// Benchmark (not a test): from a file dropped in a watched folder to its import completed on the
// sandbox. The real headless agent (`meisai-connector agent`, run in-process through agentCommand so
// its progress events can be timed) with the product's default timings, the real runner and the
// built-in sandbox over HTTP on 127.0.0.1 with an import delay of 0 and no rate limit.
//
//   npx tsx bench/end-to-end.ts [--quick]      (20 drops; --quick: 5)
//
// Each drop is a new 請求書 file (different content, so the 同一内容 check does not skip it) written into
// a 「ファイル配置時」 folder once the previous one was done. Timed per drop, from the moment the write
// returned:
//   stable   — until the runner has accepted the file as finished (file-found): the watcher's quiet
//              window after the last change, its stability look, the queue, the runner's own look;
//   received — until the sandbox received the import POST (with delay 0 the import completes there);
//   done     — until the agent learned it was complete and moved the file to 処理済み (the first state
//              look follows the POST at once; with delay 0 it already answers complete).
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Agent } from '../electron/core/agent/agent';
import { TERMINAL_STATES } from '../electron/core/history/file-transitions';
import { agentCommand } from '../electron/cli/commands/agent';
import { memoryIo } from '../electron/cli/cli-io';
import { SANDBOX_TOKEN, startSandbox } from '../electron/core/sandbox/sandbox-server';
import { writeAgentConfig } from '../test/helpers/agent-config';
import { isMainModule, max, median, round } from './stats';

const SAMPLES = join(import.meta.dirname, '../resources/samples');

/** The product defaults these figures were taken with (electron/core/watcher/folder-watcher.ts, electron/core/engine/engine.ts, runner/follow.ts). */
export const E2E_WINDOWS = {
  /** Watcher: no change in the folder for this long before a 「ファイル配置時」 run. */
  quietMs: 5_000,
  /** Watcher: size and modified time unchanged this long (and not locked) before a run is requested. */
  stableMs: 3_000,
  /** Watcher: a document arrival with no customer file alongside waits this long for one to come. */
  companionMs: 30_000,
  /** Runner: the same look again before staging the file. */
  runnerStableForMs: 2_000,
  /** Runner: the wait before looking again after an 'active' answer (the first look follows the POST at once). */
  activePollMs: 1_000,
} as const;

export interface DropTiming {
  /** ms from the write to each point. */
  readonly runStartedMs: number;
  readonly stableMs: number;
  readonly receivedMs: number;
  readonly doneMs: number;
}

export interface EndToEndFigures {
  readonly drops: number;
  readonly windows: typeof E2E_WINDOWS;
  readonly receivedMedianMs: number;
  readonly receivedWorstMs: number;
  readonly doneMedianMs: number;
  readonly doneWorstMs: number;
  /** Median time waiting for the file to be stable, and its share of drop → received. */
  readonly stableWaitMedianMs: number;
  readonly stableWaitShare: number;
  /** received − stable: staging, pre-flight, history writes, the POST. */
  readonly sendMedianMs: number;
  readonly all: readonly DropTiming[];
}

/** Where a run leaves a file: done with it, or waiting on the clerk, 楽楽明細 or a resend. */
const RUN_LEFT_IT: readonly string[] = [...TERMINAL_STATES, 'held', 'overlap', 'unknown', 'retry-wait'];

const waitFor = async (cond: () => boolean, what: string, timeoutMs = 60_000) => {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`end-to-end bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

export async function benchEndToEnd(options: { drops: number; log?: (s: string) => void }): Promise<EndToEndFigures> {
  const work = await mkdtemp(join(tmpdir(), 'meisai-bench-e2e-'));
  const sandbox = await startSandbox({ port: 0, importDelayMs: 0, rateLimitPerMinute: null });
  const stop = new AbortController();
  let exit: Promise<number> | null = null;
  try {
    const root = join(work, 'userdata');
    const bill = join(root, 'billdata');
    const config = await writeAgentConfig(work, root, { folders: ['billdata'] });
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));
    const sample = iconv.decode(await readFile(join(SAMPLES, 'billdata_20261130.csv')), 'cp932');
    const firstLine = sample.indexOf('\r\n') + 2;
    // A note at the end of every detail line's 備考 makes each drop's lines new: a drop that repeated an earlier one's
    // lines would be held by the overlap guard (要確認（一部送信済み）), as a clerk's re-export is.
    const fileFor = (n: number) => iconv.encode(sample.slice(0, firstLine) + sample.slice(firstLine).replaceAll(',T1234567890123', `drop ${n},T1234567890123`), 'cp932');

    const events: { at: number; type: string; fileName?: string; state?: string }[] = [];
    let agent: Agent | null = null;
    exit = agentCommand(
      ['--config', config, '--base-url', sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data'), '--log-level', 'error'],
      memoryIo({}),
      {
        stopSignal: stop.signal,
        handleProcessSignals: false,
        // The sandbox has no rate limit; 楽楽明細's 20 requests a minute would pace drops 2+ requests each.
        engine: { requestsPerMinute: null },
        onStarted: (a) => {
          agent = a;
          a.onProgress((p) =>
            events.push({ at: Date.now(), type: p.type, ...(p.type === 'file-found' || p.type === 'file-state' ? { fileName: p.fileName } : {}), ...(p.type === 'file-state' ? { state: p.state.state } : {}) }),
          );
        },
      },
    );
    await waitFor(() => agent !== null, 'the agent to start');

    const drop = async (n: number): Promise<DropTiming> => {
      const name = `billdata_drop${String(n).padStart(2, '0')}.csv`;
      const from = events.length;
      await writeFile(join(bill, name), fileFor(n));
      const t0 = Date.now();
      const mine = () => events.slice(from);
      await waitFor(() => mine().some((e) => e.fileName === name && e.type === 'file-state' && e.state !== undefined && RUN_LEFT_IT.includes(e.state)), `${name} to finish`);
      await agent!.idle();
      const done = mine().find((e) => e.fileName === name && e.type === 'file-state' && e.state === 'done');
      if (!done) throw new Error(`end-to-end bench: ${name} did not end 完了: ${JSON.stringify(mine().filter((e) => e.fileName === name))}`);
      const started = mine().find((e) => e.type === 'run-started')!;
      const found = mine().find((e) => e.type === 'file-found' && e.fileName === name)!;
      const imp = sandbox.imports().find((i) => i.text.includes(`drop ${n},`));
      if (!imp || imp.processStatus !== 'complete') throw new Error(`end-to-end bench: the sandbox has no completed import of ${name}`);
      return { runStartedMs: started.at - t0, stableMs: found.at - t0, receivedMs: imp.receivedAt.getTime() - t0, doneMs: done.at - t0 };
    };

    // Warm-up (not counted): the first run also sends the waiting customer data and opens connections.
    options.log?.('  end to end: warm-up drop');
    await drop(0);
    const all: DropTiming[] = [];
    for (let n = 1; n <= options.drops; n++) {
      options.log?.(`  end to end: drop ${n}/${options.drops}`);
      all.push(await drop(n));
    }
    const received = all.map((d) => d.receivedMs);
    const stable = all.map((d) => d.stableMs);
    return {
      drops: all.length,
      windows: E2E_WINDOWS,
      receivedMedianMs: median(received),
      receivedWorstMs: max(received),
      doneMedianMs: median(all.map((d) => d.doneMs)),
      doneWorstMs: max(all.map((d) => d.doneMs)),
      stableWaitMedianMs: median(stable),
      stableWaitShare: round(median(all.map((d) => d.stableMs / d.receivedMs)), 3),
      sendMedianMs: median(all.map((d) => d.receivedMs - d.stableMs)),
      all,
    };
  } finally {
    stop.abort();
    if (exit) await exit;
    await sandbox.close();
    await rm(work, { recursive: true, force: true });
  }
}

export function formatEndToEnd(f: EndToEndFigures): string {
  const w = f.windows;
  return [
    `${f.drops} drops, product timings: quiet ${w.quietMs} ms, watcher stable ${w.stableMs} ms, runner stable ${w.runnerStableForMs} ms, state poll after 'active' ${w.activePollMs} ms`,
    `  drop → import received and completed on the sandbox: median ${f.receivedMedianMs} ms, worst ${f.receivedWorstMs} ms`,
    `  drop → agent saw it complete, file moved to 処理済み:  median ${f.doneMedianMs} ms, worst ${f.doneWorstMs} ms`,
    `  of which waiting for the file to be stable: median ${f.stableWaitMedianMs} ms (${(f.stableWaitShare * 100).toFixed(1)} % of drop → received)`,
    `  stable → received (stage, pre-flight, history, POST): median ${f.sendMedianMs} ms`,
  ].join('\n');
}

if (isMainModule(import.meta.filename)) {
  const quick = process.argv.includes('--quick');
  console.log(formatEndToEnd(await benchEndToEnd({ drops: quick ? 5 : 20, log: (s) => console.error(s) })));
}
