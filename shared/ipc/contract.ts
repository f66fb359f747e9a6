// The one IPC contract between the settings window and the main process. Each invoke channel has a
// zod schema for its request (main validates every payload with it) and a response type; each event
// channel a payload type. Main registers a handler object checked against `InvokeHandlers`, so a
// missing handler does not compile; the preload builds `window.api` from `INVOKE_CHANNELS`.
import { z } from 'zod';
import type { AppError, Result } from '../result';
import type { FieldError } from '../settings/parse';
import type { Settings, SettingsInput } from '../settings/schema';
import type {
  AgentStatus,
  HistoryPage,
  RunDetail,
  RunProgress,
  RunSummary,
  WaitingFiles,
} from '../run';

/** What the window sees of the token: never the token itself once saved. */
export interface TokenView {
  readonly saved: boolean;
  /** Last 4 characters, for recognition. */
  readonly last4: string | null;
  /** Where it is kept: encrypted by the OS, plain text (some Linux desktops), or from the environment. */
  readonly storage: 'encrypted' | 'plain-text' | 'environment' | 'none';
  /** Set when a stored token could not be decrypted (profile moved, password changed): ask again. */
  readonly problem: string | null;
}

export type SettingsView = Omit<Settings, 'meisai'> & {
  readonly meisai: { readonly url: string; readonly token: TokenView };
};

export type ConnectionTestResult =
  | { readonly outcome: 'ok'; readonly url: string; readonly proxy: string; readonly customers: number | null }
  | { readonly outcome: 'bad-token' | 'bad-url' | 'maintenance' | 'network' | 'forbidden' | 'unexpected'; readonly message: string; readonly proxy: string };

export interface AppInfo {
  readonly version: string;
  readonly agentId: string;
  readonly platform: string;
  readonly dataDir: string;
  readonly logFile: string;
  /**
   * True when the app runs against the built-in sandbox (chosen explicitly, e.g. the demo or the
   * browser tests): only then does the window accept a http://127.0.0.1 「楽楽明細」URL, as main does.
   */
  readonly sandbox?: boolean;
}

const reportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const runTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report'), reportId: reportIdSchema }),
  z.object({ kind: z.literal('customers') }),
]);

export const historyFilterSchema = z
  .object({
    target: z.string().max(64).optional(),
    outcome: z.enum(['running', 'success', 'nothing', 'partial', 'failed', 'attention', 'cancelled']).optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

/** The settings form as the window sends it: the token only when the clerk typed a new one. */
export const settingsSaveSchema = z.object({
  settings: z.unknown(),
  /** A newly typed token; omitted/null keeps the saved one. */
  newToken: z.string().max(512).nullable().optional(),
});

export const INVOKE = {
  'settings:get': { request: z.undefined() },
  'settings:save': { request: settingsSaveSchema },
  'connection:test': {
    request: z.object({ url: z.string().max(2048), newToken: z.string().max(512).nullable().optional() }).strict(),
  },
  'agent:status': { request: z.undefined() },
  'agent:start': { request: z.undefined() },
  'agent:stop': { request: z.undefined() },
  'run:now': { request: z.object({ target: runTargetSchema }).strict() },
  'run:cancel': { request: z.object({ runId: z.string().max(64) }).strict() },
  'history:list': { request: historyFilterSchema },
  'history:get': { request: z.object({ runId: z.string().max(64) }).strict() },
  'history:export-csv': { request: historyFilterSchema },
  'history:resolve-held': {
    request: z.object({ fileId: z.number().int().min(1), action: z.enum(['resend', 'mark-sent']) }).strict(),
  },
  /** 同一内容 set aside, and the clerk insists: send it anyway, in a new run. */
  'history:force-send': { request: z.object({ fileId: z.number().int().min(1) }).strict() },
  'files:waiting': { request: z.undefined() },
  'dialog:pick-folder': { request: z.object({ current: z.string().max(4096).nullable() }).strict() },
  'shell:open-folder': {
    request: z.object({ which: z.enum(['root', 'logs', 'data']).or(z.object({ target: z.string().max(64) })) }),
  },
  'app:info': { request: z.undefined() },
} as const;

export type InvokeChannel = keyof typeof INVOKE;
export const INVOKE_CHANNELS = Object.keys(INVOKE) as InvokeChannel[];

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['request']>;

/** The response of each channel; every one is a Result so errors cross the bridge as values. */
export interface InvokeResponses {
  'settings:get': Result<SettingsView | null>;
  'settings:save': Result<SettingsView, AppError & { readonly fields?: readonly FieldError[] }>;
  'connection:test': Result<ConnectionTestResult>;
  'agent:status': Result<AgentStatus>;
  'agent:start': Result<AgentStatus>;
  'agent:stop': Result<AgentStatus>;
  /** Refused with code `queue.busy` (「実行中です」) when that setting is already running or queued. */
  'run:now': Result<{ readonly runId: string }>;
  'run:cancel': Result<null>;
  'history:list': Result<HistoryPage>;
  'history:get': Result<RunDetail | null>;
  /** CSV text (BOM + UTF-8, CRLF: opens correctly in Excel) and a suggested file name. */
  'history:export-csv': Result<{ readonly fileName: string; readonly csv: string }>;
  'history:resolve-held': Result<{ readonly runId: string | null }>;
  /** The new run's id; refused (`runner.not-duplicate`) for a file that was not set aside as 同一内容. */
  'history:force-send': Result<{ readonly runId: string }>;
  'files:waiting': Result<readonly WaitingFiles[]>;
  'dialog:pick-folder': Result<string | null>;
  'shell:open-folder': Result<null>;
  'app:info': Result<AppInfo>;
}

export type InvokeHandlers = {
  [C in InvokeChannel]: (request: z.output<(typeof INVOKE)[C]['request']>) => Promise<InvokeResponses[C]>;
};

/** One-way events from main to the window. */
export interface EventPayloads {
  'run:progress': RunProgress;
  'history:changed': { readonly run: RunSummary };
  'agent:status': AgentStatus;
  'settings:changed': SettingsView;
  'files:changed': readonly WaitingFiles[];
}

export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = ['run:progress', 'history:changed', 'agent:status', 'settings:changed', 'files:changed'];

/** What the preload exposes as `window.api`. */
export interface MeisaiApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponses[C]>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export type { SettingsInput };
