// Every sentence pre-flight shows the clerk, in one place so the CLI, the window and the error
// note say the same thing. Each names the file, and the line and column when there is one.
import type { FileProblem } from '../../../shared/run';
import { FOREIGN_ENCODING_LABELS, type ForeignEncoding } from './foreign-encoding';
import type { PreflightLimits } from './types';

const num = (n: number): string => n.toLocaleString('ja-JP');

/** 「請求.csv」2行目「顧客名」列 */
export function where(fileName: string, line?: number, column?: ColumnName): string {
  let s = `「${fileName}」`;
  if (line !== undefined) s += `${num(line)}行目`;
  if (column !== undefined) s += column.header !== null ? `「${column.header}」列` : `${column.index + 1}列目`;
  return s;
}

/** A column as the clerk knows it: the header's name, or its number when there is no header. */
export interface ColumnName {
  readonly index: number;
  readonly header: string | null;
}

/** FileProblem.column: the header name, or the 1-based number as text. */
export const columnField = (c: ColumnName): string => c.header ?? String(c.index + 1);

const problem = (message: string, line?: number, column?: ColumnName): FileProblem => {
  const p: { message: string; line?: number; column?: string } = { message };
  if (line !== undefined) p.line = line;
  if (column !== undefined) p.column = columnField(column);
  return p;
};

export const msg = {
  binary: (f: string, looksLikeExcel: boolean): FileProblem =>
    problem(
      looksLikeExcel
        ? `${where(f)}はCSVファイルではありません（Excelブックの形式です）。Excelで「ファイルの種類」を「CSV（コンマ区切り）」にして保存し直してください。`
        : `${where(f)}はCSVファイルではありません（文字以外のデータが含まれています）。CSV形式で出力し直してください。`,
    ),
  foreignEncoding: (f: string, encoding: ForeignEncoding): FileProblem =>
    problem(
      `${where(f)}の文字コードは${FOREIGN_ENCODING_LABELS[encoding]}です。楽楽明細へはShift_JIS（CP932）かUTF-8のCSVしか送れません。` +
        (encoding.startsWith('utf-16')
          ? 'Excelでは「ファイルの種類」を「CSV（コンマ区切り）」（Shift_JIS）か「CSV UTF-8（コンマ区切り）」にして保存し直してください。'
          : '出力元のシステムで文字コードに「Shift_JIS」（または「UTF-8」）を選んで出力し直すか、メモ帳などで開いて文字コードを「ANSI」か「UTF-8」にして保存し直してください。'),
    ),
  mixedLineEndings: (f: string, line: number, usual: string, found: string): FileProblem =>
    problem(
      `${where(f, line)}: 改行コードが混在しています（ほとんどの行は${usual}、この行は${found}）。出力元のシステムで出力し直すか、テキストエディタで改行コードを「CRLF」にそろえて保存し直してください。`,
      line,
    ),
  badUtf8: (f: string, line: number): FileProblem =>
    problem(`${where(f, line)}: UTF-8として読めない文字があります。ファイルが壊れていないか確認し、保存し直してください。`, line),
  badCp932: (f: string, line: number, column?: ColumnName): FileProblem =>
    problem(
      `${where(f, line, column)}: Shift_JIS（CP932）としてもUTF-8としても読めない文字があります。文字コードを「Shift_JIS」または「UTF-8」にして保存し直してください。`,
      line,
      column,
    ),
  notCp932: (f: string, line: number, column: ColumnName, charText: string): FileProblem =>
    problem(
      `${where(f, line, column)}: ${charText}はShift_JIS（CP932）にない文字のため、楽楽明細へ送れません。別の文字に置き換えて保存し直してください。`,
      line,
      column,
    ),
  unclosedQuote: (f: string, line: number): FileProblem =>
    problem(`${where(f, line)}: 引用符（"）が閉じられていません。この行で始まる「"」の対になる「"」を補うか、項目内の「"」を「""」にして保存し直してください。`, line),
  malformedQuote: (f: string, line: number): FileProblem =>
    problem(`${where(f, line)}: 引用符（"）で囲んだ項目の、閉じる「"」の後に文字があります。項目内の「"」は「""」と2つ重ねて書いてください。`, line),
  fieldCount: (f: string, line: number, expected: number, actual: number, hasHeader: boolean): FileProblem =>
    problem(
      hasHeader
        ? `${where(f, line)}: 列の数が見出し行と違います（見出し ${num(expected)}列、この行 ${num(actual)}列）。`
        : `${where(f, line)}: 列の数が1行目と違います（1行目 ${num(expected)}列、この行 ${num(actual)}列）。`,
      line,
    ),
  blankLine: (f: string, line: number): FileProblem =>
    problem(`${where(f, line)}: 空の行があります。データの途中の空行を削除して保存し直してください。`, line),
  more: (f: string, count: number): FileProblem => problem(`${where(f)}: ほかに${num(count)}件の同じような問題があります。`),
  tooManyLines: (f: string, limits: PreflightLimits, lines: number): FileProblem =>
    problem(
      `${where(f)}は楽楽明細が一度に取り込める行数を超えています（上限 ${num(limits.maxLines)}行、このファイル ${num(lines)}行）。帳票データは途中で分けられないため、帳票の区切りでファイルを分けて出力し直してください。`,
    ),
  tooManyBytes: (f: string, limits: PreflightLimits, bytes: number): FileProblem =>
    problem(
      `${where(f)}は楽楽明細が一度に取り込めるサイズを超えています（上限 ${sizeText(limits.maxBytes)}、このファイル ${num(bytes)}バイト）。帳票データは途中で分けられないため、帳票の区切りでファイルを分けて出力し直してください。`,
    ),
  recordTooBig: (f: string, line: number, limits: PreflightLimits, lines: number, bytes: number): FileProblem =>
    problem(
      `${where(f, line)}: この1件のデータだけで楽楽明細の上限を超えています（上限 ${num(limits.maxLines)}行・${sizeText(limits.maxBytes)}、この行 ${num(lines)}行・${num(bytes)}バイト）。内容を確認してください。`,
      line,
    ),
  noData: (f: string, empty: boolean): string =>
    empty ? `${where(f)}は空のファイルです。送るデータがないため、送信しませんでした。` : `${where(f)}には見出し行しかありません。送るデータがないため、送信しませんでした。`,
};

/** 3MB（3,145,728バイト） */
export function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb}MB（${num(bytes)}バイト）` : `${num(bytes)}バイト`;
}

export { num as formatNumber };
