// The documents an emulated tenant has issued, per 帳票種別: what a completed document import does
// to them. A new issue (isNewIssues 1) adds documents; a 差替発行 (isNewIssues 2) replaces the ones it
// matches (assumed-behaviour.ts says how). This is what lets a test count, on the 楽楽明細 side, that
// a corrected re-export sent as 差替発行 leaves each invoice once, and that a 新規発行 of lines sent
// before issues them twice. Pure over the checked rows; the server decides when to apply.
import { autoDocumentNo, ISSUE_REPLACE, lineProblems, type ApiErrorDescription } from './assumed-behaviour';
import type { CsvRow } from './csv-rows';
import type { DocumentType } from './sandbox-accounts';

export interface SandboxDocument {
  readonly reportTypeId: number;
  readonly documentNo: string;
  readonly customerCode: string;
  /** The import that issued this version. */
  readonly importId: number;
  /** The CSV data lines of the document, fields joined by commas as received. */
  readonly lines: readonly string[];
  readonly issue: 'new' | 'replace';
  /** The import whose 差替発行 replaced it, or null while it is the customer's current document. */
  replacedBy: number | null;
}

export interface DocumentStore {
  /** Every version ever issued, oldest first; the current ones have `replacedBy === null`. */
  all(): readonly SandboxDocument[];
  /**
   * Applies a checked import. Nothing changes when a line is refused (the whole file is, as the
   * tenant refuses a file with any bad line); the problems say which lines.
   */
  apply(type: DocumentType, rows: readonly CsvRow[], isNewIssues: number, importId: number): readonly ApiErrorDescription[];
}

interface Group {
  readonly key: string;
  readonly customerCode: string;
  readonly firstLine: number;
  readonly lines: string[];
}

function groupRows(type: DocumentType, rows: readonly CsvRow[]): Group[] {
  const keyColumn = type.documentNoColumn ?? type.customerCodeColumn;
  const keyIndex = type.columns.indexOf(keyColumn);
  const codeIndex = type.columns.indexOf(type.customerCodeColumn);
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = (row.fields[keyIndex] ?? '').trim();
    let group = groups.get(key);
    if (!group) {
      group = { key, customerCode: (row.fields[codeIndex] ?? '').trim(), firstLine: row.line, lines: [] };
      groups.set(key, group);
    }
    group.lines.push(row.fields.join(','));
  }
  return [...groups.values()];
}

export function createDocumentStore(): DocumentStore {
  const documents: SandboxDocument[] = [];
  const current = (reportTypeId: number) => documents.filter((d) => d.reportTypeId === reportTypeId && d.replacedBy === null);

  return {
    all: () => documents,
    apply(type, rows, isNewIssues, importId) {
      const groups = groupRows(type, rows);
      const live = current(type.reportTypeId);
      const keyColumn = type.documentNoColumn ?? type.customerCodeColumn;
      const replace = isNewIssues === ISSUE_REPLACE;
      const problems: ApiErrorDescription[] = [];
      const targets = new Map<Group, SandboxDocument>();
      for (const g of groups) {
        if (replace) {
          // By 帳票No when the tenant maps one; otherwise the customer's newest current document.
          const target = type.documentNoColumn !== undefined
            ? live.find((d) => d.documentNo === g.key)
            : live.filter((d) => d.customerCode === g.customerCode).at(-1);
          if (target === undefined) problems.push(lineProblems.nothingToReplace(g.firstLine, keyColumn, g.key));
          else targets.set(g, target);
        } else if (type.documentNoColumn !== undefined && live.some((d) => d.documentNo === g.key)) {
          problems.push(lineProblems.documentNoTaken(g.firstLine, keyColumn, g.key));
        }
      }
      if (problems.length > 0) return problems;
      for (const g of groups) {
        const target = targets.get(g);
        if (target) target.replacedBy = importId;
        const documentNo = target?.documentNo ?? (type.documentNoColumn !== undefined ? g.key : autoDocumentNo(type.reportTypeId, importId, g.customerCode));
        documents.push({ reportTypeId: type.reportTypeId, documentNo, customerCode: g.customerCode, importId, lines: g.lines, issue: replace ? 'replace' : 'new', replacedBy: null });
      }
      return [];
    },
  };
}
