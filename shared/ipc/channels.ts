// The names of the IPC channels and the codes of the IPC gate's own refusals, as plain data. The
// sandboxed preload whitelists channels from this file alone, so it must stay free of zod (and of
// anything else heavy): the contract (contract.ts) imports these lists and checks at compile time
// that its schemas and payload types cover exactly these names.

/** Request/response channels: the window invokes, main answers with a Result. */
export const INVOKE_CHANNELS = [
  'settings:get',
  'settings:save',
  'connection:test',
  'agent:status',
  'agent:start',
  'agent:stop',
  'run:now',
  'run:cancel',
  'history:list',
  'history:get',
  'history:export-csv',
  'history:resolve-held',
  'history:force-send',
  'history:release-customer-hold',
  'history:resolve-overlap',
  'history:confirm-loss',
  'files:waiting',
  'dialog:pick-folder',
  'shell:open-folder',
  'shell:show-file',
  'app:info',
  'support:save-bundle',
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** One-way events from main to the window. */
export const EVENT_CHANNELS = ['run:progress', 'history:changed', 'agent:status', 'settings:changed', 'files:changed'] as const;

export type EventChannel = (typeof EVENT_CHANNELS)[number];

/**
 * Why the IPC gate refused a call before any handler ran. The preload answers `ipc.unknown-channel`
 * itself (the call never leaves the page); main's gate answers the others.
 */
export const IPC_ERROR_CODES = {
  foreignSender: 'ipc.foreign-sender',
  unknownChannel: 'ipc.unknown-channel',
  invalidPayload: 'ipc.invalid-payload',
  internal: 'ipc.internal',
} as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[keyof typeof IPC_ERROR_CODES];

/** The clerk's sentence for a call to a channel the contract does not have (a bug, never a clerk's doing). */
export const UNKNOWN_CHANNEL_MESSAGE = '内部エラー: 不明な操作です。';
