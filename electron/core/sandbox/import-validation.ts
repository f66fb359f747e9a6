// What the emulated tenant does with a received CSV once "importing" starts: per-line checks against
// the format (customers) or the document type (reports), and the customer master upsert. Pure
// functions over decoded text and plain maps; the server decides when to run them.
import { lineProblems, SKIP_BLANK_LINES, type ApiErrorDescription } from './assumed-behaviour';
import { csvRows, isBlankRow, type CsvRow } from './csv-rows';
import type { CustomerFormat, DocumentType, SandboxCustomer } from './sandbox-accounts';

export interface CheckedCsv {
  /** Data rows (header skipped when skipFirst). */
  readonly rows: readonly CsvRow[];
  readonly problems: readonly ApiErrorDescription[];
}

function dataRows(text: string, skipFirst: boolean): { rows: CsvRow[]; problems: ApiErrorDescription[] } {
  const parsed = csvRows(text);
  if (!parsed.ok) return { rows: [], problems: [lineProblems.unclosedQuote(parsed.line)] };
  let rows = [...parsed.rows];
  if (skipFirst) rows = rows.slice(1);
  if (SKIP_BLANK_LINES) rows = rows.filter((row) => !isBlankRow(row));
  if (rows.length === 0) return { rows, problems: [lineProblems.noData()] };
  return { rows, problems: [] };
}

function checkShape(rows: readonly CsvRow[], columns: readonly string[], keyColumn: string): ApiErrorDescription[] {
  const problems: ApiErrorDescription[] = [];
  const keyIndex = columns.indexOf(keyColumn);
  for (const row of rows) {
    // iconv-lite turns bytes that are not CP932 into U+FFFD.
    if (row.fields.some((f) => f.includes('\uFFFD'))) {
      problems.push(lineProblems.undecodable(row.line));
      continue;
    }
    if (row.fields.length !== columns.length) {
      problems.push(lineProblems.columnCount(row.line, columns.length, row.fields.length));
      continue;
    }
    if ((row.fields[keyIndex] ?? '').trim() === '') problems.push(lineProblems.required(row.line, keyColumn));
  }
  return problems;
}

export function checkCustomerCsv(text: string, format: CustomerFormat, skipFirst: boolean): CheckedCsv {
  const { rows, problems } = dataRows(text, skipFirst);
  if (problems.length > 0) return { rows, problems };
  return { rows, problems: checkShape(rows, format.columns, format.codeColumn) };
}

export function checkReportCsv(
  text: string,
  type: DocumentType,
  skipFirst: boolean,
  master: ReadonlyMap<string, SandboxCustomer>,
): CheckedCsv {
  const { rows, problems } = dataRows(text, skipFirst);
  if (problems.length > 0) return { rows, problems };
  const shape = checkShape(rows, type.columns, type.customerCodeColumn);
  if (shape.length > 0) return { rows, problems: shape };
  const codeIndex = type.columns.indexOf(type.customerCodeColumn);
  const unknown: ApiErrorDescription[] = [];
  for (const row of rows) {
    const code = (row.fields[codeIndex] ?? '').trim();
    if (!master.has(code)) unknown.push(lineProblems.unknownCustomer(row.line, type.customerCodeColumn, code));
  }
  return { rows, problems: unknown };
}

export interface UpsertOptions {
  /** isUpdateInfo=1: customers 利用中 are overwritten too. */
  readonly overwriteInUse: boolean;
  /** updateBlank=1: a blank cell clears the old value; 2 keeps it. */
  readonly overwriteWithBlank: boolean;
}

export interface UpsertCounts {
  readonly added: number;
  readonly updated: number;
  readonly skippedInUse: number;
}

/** Applies checked customer rows to the master (mutates it). */
export function upsertCustomers(
  master: Map<string, SandboxCustomer>,
  format: CustomerFormat,
  rows: readonly CsvRow[],
  options: UpsertOptions,
): UpsertCounts {
  const codeIndex = format.columns.indexOf(format.codeColumn);
  let added = 0;
  let updated = 0;
  let skippedInUse = 0;
  for (const row of rows) {
    const code = (row.fields[codeIndex] ?? '').trim();
    const incoming: Record<string, string> = {};
    format.columns.forEach((column, i) => { incoming[column] = row.fields[i] ?? ''; });
    const existing = master.get(code);
    if (!existing) {
      master.set(code, { code, fields: incoming, webStatus: '未利用' });
      added++;
      continue;
    }
    if (existing.webStatus === '利用中' && !options.overwriteInUse) {
      skippedInUse++;
      continue;
    }
    const merged: Record<string, string> = { ...existing.fields };
    for (const [column, value] of Object.entries(incoming)) {
      if (value === '' && !options.overwriteWithBlank) continue;
      merged[column] = value;
    }
    master.set(code, { ...existing, fields: merged });
    updated++;
  }
  return { added, updated, skippedInUse };
}
