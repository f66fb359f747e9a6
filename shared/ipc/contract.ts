// The one IPC contract between the settings window and the main process. Each invoke channel has a
// zod schema for its request (main validates every payload with it) and a response type; each event
// channel a payload type. The channel names themselves live in channels.ts (zod-free, for the
// sandboxed preload); the `satisfies` below and the check under EventPayloads make this file and
// that list agree, so a channel cannot be added to one and forgotten in the other. Main registers a
// handler object checked against `InvokeHandlers`, so a missing handler does not compile.
import { z } from 'zod';
import type { AppError, Result } from '../result';
import type { FieldError } from '../settings/parse';
import type { Settings, SettingsInput } from '../settings/schema';
import {
  heldActionSchema,
  historyFilterSchema,
  overlapChoiceSchema,
  runTargetSchema,
  type AgentStatus,
  type HistoryPage,
  type RunDetail,
  type RunProgress,
  type RunSummary,
  type WaitingFiles,
} from '../run';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type InvokeChannel } from './channels';

export { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type InvokeChannel };

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

/**
 * What a save did besides saving, for the window to say: the フォルダ名 folders it made under
 * ファイルの配置場所 (and those it could not), and whether it started the agent (the first save
 * that completes the settings does, so a clerk who just finished setting up is not left 停止中).
 */
export interface AfterSave {
  readonly createdFolders: readonly string[];
  /** The clerk's sentence for each folder that was missing and could not be made. */
  readonly folderProblems: readonly string[];
  readonly agentStarted: boolean;
}

export type SettingsSaved = SettingsView & { readonly afterSave: AfterSave };

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

/**
 * The settings form as the window sends it: typed by the settings schema, without the token (which
 * travels only as `newToken`). The gate checks only that it is an object: main validates the whole of
 * it with parseSettings, whose field-by-field Japanese errors the window shows beside each field —
 * a refusal here would reach the clerk as one generic 「内部エラー」 instead. Main also strips any
 * token a caller puts inside it anyway.
 */
export type SettingsSaveInput = Omit<SettingsInput, 'meisai'> & { readonly meisai: Omit<SettingsInput['meisai'], 'apiToken'> };

const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

const settingsSaveSchema = z.object({
  settings: z.custom<SettingsSaveInput>(isRecord, { message: 'settings must be an object' }),
  /** A newly typed token; omitted/null keeps the saved one. */
  newToken: z.string().max(512).nullable().optional(),
});

/** A folder the window or the tray may open in Explorer: the data folders, or a setting's folder. */
const folderChoiceSchema = z.enum(['root', 'logs', 'data']).or(z.object({ target: z.string().max(64) }));
export type FolderChoice = z.infer<typeof folderChoiceSchema>;

interface ChannelSpec {
  readonly request: z.ZodType;
}

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
    request: z.object({ fileId: z.number().int().min(1), action: heldActionSchema }).strict(),
  },
  /** 同一内容 set aside, and the clerk insists: send it anyway, in a new run. */
  'history:force-send': { request: z.object({ fileId: z.number().int().min(1) }).strict() },
  /** A document held (保留) by a refused customer file: the clerk lets the documents go without it. */
  'history:release-customer-hold': { request: z.object({ fileId: z.number().int().min(1) }).strict() },
  /** A file held for overlapping lines: 送信しない, 差替発行として送信, すべて新規発行で送信. */
  'history:resolve-overlap': {
    request: z.object({ fileId: z.number().int().min(1), choice: overlapChoiceSchema }).strict(),
  },
  /** The clerk read that the run history was lost: document files go again. */
  'history:confirm-loss': { request: z.undefined() },
  'files:waiting': { request: z.undefined() },
  'dialog:pick-folder': { request: z.object({ current: z.string().max(4096).nullable() }).strict() },
  'shell:open-folder': {
    request: z.object({ which: folderChoiceSchema }),
  },
  /** One file of the history shown where it is now (Explorer / Finder, selected). By id: never a path from the window. */
  'shell:show-file': { request: z.object({ fileId: z.number().int().min(1) }).strict() },
  'app:info': { request: z.undefined() },
  /** 「サポート用情報を保存」: main asks where (a save dialog) and writes the zip. */
  'support:save-bundle': { request: z.undefined() },
} as const satisfies Record<InvokeChannel, ChannelSpec>;

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['request']>;

/** The response of each channel; every one is a Result so errors cross the bridge as values. */
export interface InvokeResponses {
  'settings:get': Result<SettingsView | null>;
  'settings:save': Result<SettingsSaved, AppError & { readonly fields?: readonly FieldError[] }>;
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
  /**
   * The hold is released; `runId` is the run of that document setting started at once, or null with
   * why not (the agent is stopped, or that setting's run is already under way): then its next run
   * sends them. Refused (`runner.not-customer-hold`) when nothing holds it.
   */
  'history:release-customer-hold': Result<
    | { readonly runId: string; readonly customerFileName: string }
    | { readonly runId: null; readonly customerFileName: string; readonly notStarted: 'stopped' | 'busy' }
  >;
  /**
   * The run the two sends started (null for 送信しない, done at once); refused (`runner.not-overlap`)
   * for a file that no longer waits for an answer.
   */
  'history:resolve-overlap': Result<{ readonly runId: string | null }>;
  /** The status after the confirmation (historyLoss gone); refused (`history.no-loss`) when none is pending. */
  'history:confirm-loss': Result<AgentStatus>;
  'files:waiting': Result<readonly WaitingFiles[]>;
  'dialog:pick-folder': Result<string | null>;
  'shell:open-folder': Result<null>;
  /** `file`: shown selected in its folder; `folder`: the file is no longer there, its last folder was opened. */
  'shell:show-file': Result<{ readonly shown: 'file' | 'folder' }>;
  'app:info': Result<AppInfo>;
  /** Where the zip was saved; null when the clerk cancelled the dialog. */
  'support:save-bundle': Result<{ readonly saved: string } | null>;
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

/** Compiles only while EventPayloads has exactly the channels of EVENT_CHANNELS. */
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : false;
type Holds<T extends true> = T;
type _EventChannelsAgree = Holds<SameKeys<keyof EventPayloads, EventChannel>>;

/** What the preload exposes as `window.api`. */
export interface MeisaiApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponses[C]>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export type { SettingsInput };
