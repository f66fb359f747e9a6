// `meisai-connector validate FILE…`: the pre-flight verdicts the runner would reach, without sending
// anything. Exit 1 when a file cannot be sent as it is.
import { basename, resolve } from 'node:path';
import { readRegularFile } from '../../core/files/regular-file';
import { formatPreflight, preflight } from '../../core/preflight';
import { FILE_KIND_LABELS } from '../../../shared/run';
import type { CliIo } from '../cli-io';
import { parseCommandArgs } from '../command-args';

export const VALIDATE_HELP = `使い方: meisai-connector validate ファイル... [--kind customers|reports] [--no-header]

送信前の確認（文字コード、CSVの形、行数・サイズの上限）だけを行い、結果を表示します。何も送信しません。

  --kind customers|reports   顧客データか帳票データか（省略時はファイル名から判断: clientmaster/customer で始まれば顧客データ）
  --no-header                1行目もデータとして読む（ファイル1行目「読み込む」の設定）

終了コード: 送信できないファイルがあれば 1、すべて送信できる（またはデータなし）なら 0、引数の誤りは 2。
`;

export function guessKind(fileName: string): 'customers' | 'report' {
  return /^(clientmaster|customer|顧客)/i.test(basename(fileName)) ? 'customers' : 'report';
}

export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { kind: { type: 'string' }, 'no-header': { type: 'boolean', default: false } }, VALIDATE_HELP, io, true);
  if ('exit' in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    io.stderr(`確認するファイルを指定してください。\n\n${VALIDATE_HELP}`);
    return 2;
  }
  if (values.kind !== undefined && values.kind !== 'customers' && values.kind !== 'reports') {
    io.stderr(`--kind は customers か reports です（指定: ${values.kind}）。\n`);
    return 2;
  }
  let bad = 0;
  for (const file of positionals) {
    const path = resolve(io.cwd, file);
    const kind = values.kind === 'customers' ? 'customers' : values.kind === 'reports' ? 'report' : guessKind(file);
    const label = FILE_KIND_LABELS[kind];
    // A regular file only, as the runner reads it: a FIFO would make a plain read wait for ever, and a
    // link is never what the runner would send.
    const read = await readRegularFile(path);
    if (!read.ok) {
      io.stdout(`NG  ${basename(file)}: ${read.error.message}\n`);
      bad++;
      continue;
    }
    const bytes = read.value.bytes;
    const result = preflight({ fileName: basename(file), bytes, kind, hasHeader: !values['no-header'] });
    if (result.verdict === 'invalid') bad++;
    io.stdout(`${formatPreflight(basename(file), result).join('\n')}\n    （${label}として確認）\n`);
  }
  return bad > 0 ? 1 : 0;
}
