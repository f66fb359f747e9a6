// Turns a Node file-system error into the clerk's Japanese sentence (what happened, to which path,
// what to do) plus a log detail. These errors stop one file and leave it where it was.
import { appError, type AppError } from '../../../shared/result';

/** The errno code of a Node error, when there is one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * @param action what the agent was doing, in Japanese, e.g. 「ファイルを読む」「ファイルを移動する」.
 * @param path the file or folder concerned, shown to the clerk.
 */
export function describeFsError(error: unknown, action: string, path: string): AppError {
  const code = errnoCode(error);
  const detail = `${action}: ${path}: ${error instanceof Error ? error.message : String(error)}`;
  switch (code) {
    case 'ENOSPC':
      return appError('fs.disk-full', `ディスクの空き容量が足りないため、${action}ことができませんでした: ${path}。不要なファイルを削除して空きを作ってから、もう一度実行してください。`, detail);
    case 'EACCES':
    case 'EPERM':
      return appError('fs.permission', `アクセス権がないため、${action}ことができませんでした: ${path}。フォルダのアクセス権を確認するか、管理者に相談してください。`, detail);
    case 'ENOENT':
      return appError('fs.missing', `ファイルまたはフォルダが見つからないため、${action}ことができませんでした: ${path}。移動・削除されていないか確認してください。`, detail);
    case 'EBUSY':
      return appError('fs.busy', `ほかのプログラム（Excelなど）で開かれているため、${action}ことができませんでした: ${path}。ファイルを閉じてから、もう一度実行してください。`, detail);
    case 'EROFS':
      return appError('fs.read-only', `読み取り専用の場所のため、${action}ことができませんでした: ${path}。書き込みできるフォルダを指定してください。`, detail);
    case 'ENOTDIR':
    case 'EISDIR':
      return appError('fs.not-a-file', `ファイルとフォルダの指定が違うため、${action}ことができませんでした: ${path}。設定のフォルダを確認してください。`, detail);
    default:
      return appError('fs.other', `${action}ことができませんでした: ${path}。（${code ?? '原因不明'}）もう一度実行しても直らない場合は、管理者に相談してください。`, detail);
  }
}
