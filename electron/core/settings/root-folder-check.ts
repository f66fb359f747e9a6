// Step 2's ファイルの配置場所 must be a folder that exists and that the agent may write into (it
// moves files into 処理済み / エラー beneath it). Checked on save, so a typo is caught while the
// clerk is still at the form rather than at 9時 on the 25th.
import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { FieldError } from '../../../shared/settings/parse';
import { LABELS } from '../../../shared/settings/labels';

export async function checkRootFolder(root: string): Promise<FieldError | null> {
  const path = 'agent.root';
  if (!isAbsolute(root)) {
    return { path, message: `${LABELS.root}は「C:\\_qanatuniverse\\_qua\\userdata」のように、ドライブから始まるフォルダを指定してください。` };
  }
  try {
    const s = await stat(root);
    if (!s.isDirectory()) return { path, message: `${LABELS.root}「${root}」はフォルダではありません。` };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path, message: `${LABELS.root}「${root}」が見つかりません。フォルダを作成するか、「参照」から選んでください。` };
    return { path, message: `${LABELS.root}「${root}」を確認できませんでした（${code ?? 'エラー'}）。` };
  }
  // access(W_OK) says little on Windows (ACLs, read-only shares): writing a probe file says it all.
  const probe = join(root, `.meisai-connector-write-check-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { path, message: `${LABELS.root}「${root}」に書き込めません（${code ?? 'エラー'}）。処理済み・エラーのフォルダを作るため、書き込みの権限が必要です。` };
  }
}
