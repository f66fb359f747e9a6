// Timer finding 8: what a previous process left mid-way is finished beside the agent, not before it.
// An import the sandbox holds 'active' keeps resume polling; the agent is up meanwhile (its slots and
// arrivals are not late), and the held import completes once released — sent once.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../core/agent/agent';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../../core/sandbox/sandbox-server';
import { memoryIo } from '../cli-io';
import { agentCommand } from './agent';
import { writeAgentConfig } from '../../../test/helpers/agent-config';

const SAMPLES = join(import.meta.dirname, '../../../resources/samples');
let work: string | null = null;
let sandbox: SandboxHandle | null = null;

afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
  if (work) await rm(work, { recursive: true, force: true });
  work = null;
});

const WAIT = { timeout: 30_000, interval: 20 };

describe('agent command start-up', () => {
  it('starts at once while resume is still polling an import left by the previous process', async () => {
    work = await mkdtemp(join(tmpdir(), 'meisai-agent-resume-'));
    sandbox = await startSandbox({ port: 0, importDelayMs: 0, rateLimitPerMinute: null });
    const root = join(work, 'userdata');
    const config = await writeAgentConfig(work, root, { folders: ['billdata'] });
    const args = ['--config', config, '--base-url', sandbox.baseUrl(), '--token', SANDBOX_TOKEN, '--data-dir', join(work, 'data'), '--log-level', 'error'];
    const deps = (stop: AbortController, onStarted?: (a: Agent) => void) => ({
      stopSignal: stop.signal,
      handleProcessSignals: false,
      // A document arrival without a customer file beside it waits companionMs for one: short here.
      watch: { quietMs: 200, stableMs: 200, companionMs: 200 },
      engine: { requestsPerMinute: null, stableForMs: 0, runnerOptions: { firstPollMs: 20, maxPollMs: 50, retryWait: { firstMs: 200, maxMs: 400, limitMs: 72 * 3600_000 } } },
      ...(onStarted ? { onStarted } : {}),
    });
    await copyFile(join(SAMPLES, 'clientmaster_20261130.csv'), join(root, 'clientmaster', 'clientmaster_20261130.csv'));

    // The first process leaves the customer import 取込中 (the sandbox holds it) and is stopped.
    sandbox.faults.holdImports = true;
    const io1 = memoryIo({});
    const stop1 = new AbortController();
    const first = agentCommand(args, io1, deps(stop1));
    await vi.waitFor(() => expect(io1.out()).toContain('エージェントを起動しました'), WAIT);
    await copyFile(join(SAMPLES, 'billdata_20261130.csv'), join(root, 'billdata', 'billdata_20261130.csv'));
    await vi.waitFor(() => expect(io1.out()).toContain('clientmaster_20261130.csv: 取込中'), WAIT);
    stop1.abort();
    expect(await first).toBe(0);

    // Started again while the import is still held: resume polls it, and the agent is up regardless.
    const io2 = memoryIo({});
    const stop2 = new AbortController();
    let startedWhileHeld: boolean | null = null;
    const second = agentCommand(args, io2, deps(stop2, (agent) => {
      startedWhileHeld = sandbox!.imports().every((i) => i.processStatus === 'active') && agent.status().agent.state !== 'stopped';
    }));
    await vi.waitFor(() => expect(startedWhileHeld).not.toBeNull(), WAIT);
    expect(startedWhileHeld).toBe(true);
    expect(io2.out()).not.toContain('前回中断した');
    // Released: resume finishes what was left; the documents follow; each file imported once.
    sandbox.faults.holdImports = false;
    sandbox.releaseImports();
    await vi.waitFor(() => expect(io2.out()).toContain('前回中断した 1 件を再開しました'), WAIT);
    // Filed: 処理中 (where it was claimed while it was sent) is empty again.
    await vi.waitFor(async () => expect(await readdir(join(root, 'billdata'))).toEqual(['処理中', '処理済み']), WAIT);
    expect(await readdir(join(root, 'billdata', '処理中'))).toEqual([]);
    stop2.abort();
    expect(await second).toBe(0);
    const imports = sandbox.imports().filter((i) => i.importId !== null);
    expect(imports.map((i) => [i.kind, i.processStatus])).toEqual([['customers', 'complete'], ['reports', 'complete']]);
  });
});
