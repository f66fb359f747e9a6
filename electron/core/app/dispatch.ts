// The IPC boundary's gatekeeper, transport-free: refuses foreign senders and unknown channels,
// validates the payload with the contract's zod schema, runs the handler and turns anything thrown
// into an error value. Electron's ipcMain and the settings-window test host both call this, so the
// browser tests exercise exactly the checks the packaged app makes.
import { IPC_ERROR_CODES, UNKNOWN_CHANNEL_MESSAGE } from '../../../shared/ipc/channels';
import { INVOKE, INVOKE_CHANNELS, type InvokeChannel, type InvokeHandlers, type InvokeResponses } from '../../../shared/ipc/contract';
import { appError, err, type AppError, type Result } from '../../../shared/result';
import type { Logger } from '../ports/logger';

export const IPC_ERRORS = IPC_ERROR_CODES;

const KNOWN = new Set<string>(INVOKE_CHANNELS);

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return KNOWN.has(channel);
}

export type Dispatch = (channel: string, rawPayload: unknown, senderOk: boolean) => Promise<Result<unknown>>;

export function createDispatch(handlers: InvokeHandlers, logger: Logger): Dispatch {
  const log = logger.child({ module: 'ipc' });
  return async (channel, rawPayload, senderOk) => {
    if (!senderOk) {
      log.warn('IPC refused: sender is not our window', { channel: String(channel).slice(0, 64) });
      return err(appError(IPC_ERRORS.foreignSender, 'この画面からの操作は受け付けられません。'));
    }
    if (typeof channel !== 'string' || !isInvokeChannel(channel)) {
      log.warn('IPC refused: unknown channel', { channel: String(channel).slice(0, 64) });
      return err(appError(IPC_ERRORS.unknownChannel, UNKNOWN_CHANNEL_MESSAGE, String(channel).slice(0, 64)));
    }
    const parsed = INVOKE[channel].request.safeParse(rawPayload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      log.warn('IPC refused: invalid payload', { channel, detail });
      return err(appError(IPC_ERRORS.invalidPayload, '内部エラー: 画面から送られた内容が正しくありません。', detail));
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<InvokeResponses[InvokeChannel]>;
      return await handler(parsed.data);
    } catch (e) {
      log.error('IPC handler threw', { channel, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      const error: AppError = appError(IPC_ERRORS.internal, '内部エラーが発生しました。ログを確認してください。', e instanceof Error ? e.message : String(e));
      return err(error);
    }
  };
}
