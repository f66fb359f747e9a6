// What the sandbox keeps per emulated account (tenant): its customer master, the documents it issued,
// the imports it received (as a test inspects them afterwards), its request count and rate window.
import type { ApiErrorItem } from './assumed-behaviour';
import { createDocumentStore, type DocumentStore } from './document-store';
import type { SandboxAccountConfig, SandboxCustomer } from './sandbox-accounts';

export type SandboxImportKind = 'customers' | 'reports';

export interface SandboxImport {
  readonly account: string;
  /** null when refused at once (status "error"). */
  readonly importId: number | null;
  readonly kind: SandboxImportKind;
  readonly receivedAt: Date;
  readonly fileName: string;
  /** The `json` part as received. */
  readonly json: Readonly<Record<string, unknown>>;
  /** The CSV decoded from Windows-31J. */
  readonly text: string;
  readonly bytes: number;
  /** sha256 (hex) of the CSV bytes as received. */
  readonly sha256: string;
  /** A ZIP of attachments that travelled with the CSV, if any. */
  readonly attachmentFileName: string | null;
  readonly status: 'success' | 'error';
  /** null when refused at once; otherwise 'active' → 'complete' | 'error'. */
  readonly processStatus: 'active' | 'complete' | 'error' | null;
  readonly errors: readonly ApiErrorItem[];
  /** Data lines applied (customers upserted / document lines recorded) when complete. */
  readonly appliedRows: number;
  readonly deleted: boolean;
  /** false when the connection was dropped on purpose (dropAfterBody) or the client went away. */
  readonly answered: boolean;
}

/** The sandbox's own copy, which it updates as the import goes on; tests get frozen copies. */
export type MutableImport = { -readonly [K in keyof SandboxImport]: SandboxImport[K] };

export interface AccountState {
  readonly config: SandboxAccountConfig;
  master: Map<string, SandboxCustomer>;
  documents: DocumentStore;
  imports: MutableImport[];
  requests: number;
  /** Times (ms) of the requests counted in the sliding rate-limit minute (rate-window.ts). */
  window: number[];
}

/** An account as configured: the configured customers, no documents, nothing received. */
export function freshAccountState(config: SandboxAccountConfig): AccountState {
  return {
    config,
    master: new Map(config.customers.map((c) => [c.code, c])),
    documents: createDocumentStore(),
    imports: [],
    requests: 0,
    window: [],
  };
}

/** A received import that is still there to be asked about (not deleted, not refused at once). */
export function findImport(state: AccountState, kind: SandboxImportKind, id: string): MutableImport | undefined {
  return state.imports.find((r) => r.kind === kind && r.importId !== null && String(r.importId) === id && !r.deleted);
}
