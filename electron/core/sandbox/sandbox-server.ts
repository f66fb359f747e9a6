// The built-in 楽楽明細 emulator (node:http, 127.0.0.1 only): the API page's endpoints, token and
// account checks, imports that go 'active' → 'complete' (or 'error' with per-line problems), a
// customer master, maintenance, rate limit, and fault knobs (sandbox-faults.ts) so that tests and
// the demo meet every failure the real service can show.
// Anything not written in docs/rakuraku-meisai-api.md is taken from assumed-behaviour.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../ports/logger';
import { freshAccountState, type AccountState, type MutableImport, type SandboxImport } from './account-state';
import { createAccountRoutes } from './account-routes';
import { createImportReceiver } from './import-receiver';
import { createRequestHandler } from './request-handler';
import { sendAnswer } from './sandbox-answer';
import type { SandboxDocument } from './document-store';
import { defaultSandboxAccount, type SandboxAccountConfig, type SandboxCustomer } from './sandbox-accounts';
import { noFaults, type FaultStats, type SandboxFaults } from './sandbox-faults';
import { createSandboxTimers } from './sandbox-timers';

export { SANDBOX_ACCOUNT, SANDBOX_TOKEN, defaultSandboxAccount } from './sandbox-accounts';
export type { SandboxAccountConfig, SandboxCustomer, CustomerFormat, DocumentType, ApprovalFlow, WebStatus } from './sandbox-accounts';
export type { SandboxFaults } from './sandbox-faults';
export type { SandboxDocument } from './document-store';
export type { SandboxImport, SandboxImportKind } from './account-state';

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  readonly port?: number;
  /** Default: one account, defaultSandboxAccount(). The first account is the default for inspection. */
  readonly accounts?: readonly SandboxAccountConfig[];
  /** How long an accepted import stays 'active' before it completes (or fails). Default 300 ms. */
  readonly importDelayMs?: number;
  /** Requests per sliding minute per account before 429. Default 20; null = no limit. */
  readonly rateLimitPerMinute?: number | null;
  readonly logger?: Logger;
  /** The clock a maintenance window is read on (tests share their ManualClock); default the real one. */
  readonly now?: () => Date;
}

export interface SandboxHandle {
  readonly port: number;
  /** `http://127.0.0.1:PORT/<account>/` (default: the first account). */
  baseUrl(account?: string): string;
  readonly faults: SandboxFaults;
  imports(account?: string): SandboxImport[];
  customers(account?: string): SandboxCustomer[];
  /** Every document version the tenant issued (差替発行 marks the replaced ones), oldest first. */
  documents(account?: string): SandboxDocument[];
  /** Requests received for the account (all of them, faulted and refused included). */
  requestCount(account?: string): number;
  /** Imports held 'active' by faults.holdImports go on to complete (or fail) now. */
  releaseImports(): void;
  /** Bytes of crawling or huge fault answers that actually left (a client that cut off reads few). */
  faultStats(): FaultStats;
  /** Requests received and not yet answered (a test driving a manual clock waits for none). */
  openRequests(): number;
  /** Forget imports, counts and rate windows; master back to the configured customers; faults off. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_IMPORT_DELAY_MS = 300;
const DEFAULT_RATE_LIMIT = 20;

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const logger = options.logger ?? silentLogger;
  const configs = options.accounts && options.accounts.length > 0 ? options.accounts : [defaultSandboxAccount()];
  const defaultAccount = configs[0]?.account ?? 'sandbox';
  const importDelayMs = options.importDelayMs ?? DEFAULT_IMPORT_DELAY_MS;
  const faults: SandboxFaults = noFaults();
  const stats: FaultStats = { answerBytesWritten: 0 };
  const timers = createSandboxTimers();
  // Completions of imports held 'active' (faults.holdImports), run by releaseImports().
  const held: (() => void)[] = [];
  const accounts = new Map<string, AccountState>();
  const unknownAccountRequests = new Map<string, number>();
  let nextImportId = 1001;

  const initAccounts = () => {
    accounts.clear();
    for (const config of configs) accounts.set(config.account, freshAccountState(config));
  };
  initAccounts();

  const receiveImport = createImportReceiver({
    logger,
    nextImportId: () => nextImportId++,
    scheduleCompletion: (complete) => (faults.holdImports ? held.push(complete) : timers.later(importDelayMs, complete)),
  });
  const handle = createRequestHandler({
    faults, stats, timers, logger,
    now: options.now ?? (() => new Date()),
    rateLimit: options.rateLimitPerMinute === undefined ? DEFAULT_RATE_LIMIT : options.rateLimitPerMinute,
    route: createAccountRoutes(receiveImport),
    arrive(account) {
      const state = accounts.get(account);
      if (state) state.requests++;
      else unknownAccountRequests.set(account, (unknownAccountRequests.get(account) ?? 0) + 1);
      return state;
    },
  });

  let open = 0;
  const server = http.createServer((req, res) => {
    open++;
    res.once('close', () => open--);
    handle(req, res).catch((error: unknown) => {
      logger.error('sandbox handler failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent && !res.destroyed) sendAnswer(res, { status: 500, contentType: 'text/plain', body: 'sandbox error' }, true);
    });
  });
  // Long hangs are a feature here (hangMs); Node's default timeouts must not cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('sandbox listening', { port, accounts: configs.map((c) => c.account) });

  const stateOf = (account?: string): AccountState | undefined => accounts.get(account ?? defaultAccount);
  const copy = (r: MutableImport) => ({ ...r, errors: [...r.errors] });

  return {
    port,
    faults,
    baseUrl: (account) => `http://127.0.0.1:${port}/${encodeURIComponent(account ?? defaultAccount)}/`,
    imports: (account) => (stateOf(account)?.imports ?? []).map(copy),
    customers: (account) => [...(stateOf(account)?.master.values() ?? [])],
    documents: (account) => (stateOf(account)?.documents.all() ?? []).map((d) => ({ ...d })),
    requestCount: (account) => stateOf(account)?.requests ?? unknownAccountRequests.get(account ?? defaultAccount) ?? 0,
    releaseImports() {
      for (const complete of held.splice(0)) complete();
    },
    faultStats: () => ({ ...stats }),
    openRequests: () => open,
    reset() {
      timers.cancelPending();
      held.length = 0;
      stats.answerBytesWritten = 0;
      initAccounts();
      unknownAccountRequests.clear();
      Object.assign(faults, noFaults());
    },
    async close() {
      if (timers.closed) return;
      timers.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
