// The checks 楽楽明細 makes on an import request before it accepts it (status "error" at once, no
// importId): the `json` part's integers, the setting or 帳票種別 it names, the approval flow, and the
// file's size and line count. Pure: what is refused, or which format / type / issue the import uses.
import {
  DEFAULT_IS_NEW_ISSUES, ISSUE_NEW, ISSUE_REPLACE, LIMITS, requestErrors, type ApiErrorItem,
} from './assumed-behaviour';
import type { SandboxImportKind } from './account-state';
import type { CustomerFormat, DocumentType, SandboxAccountConfig } from './sandbox-accounts';

export interface RequestCheck {
  errors: ApiErrorItem[];
  format?: CustomerFormat;
  type?: DocumentType;
  /** isNewIssues of a document import: 1 新規発行, 2 差替発行. */
  issue?: number;
}

/** A `json` field read as the API reads integers: a number or a string of digits. */
export function intField(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return 'invalid';
}

/** The request's own problems first; the file's size and line count only for a request that passed them. */
export function checkImportRequest(config: SandboxAccountConfig, kind: SandboxImportKind, fields: Record<string, unknown>, bytes: number, text: string): RequestCheck {
  const check = kind === 'customers' ? checkCustomerRequest(config, fields) : checkReportRequest(config, fields);
  if (check.errors.length === 0) {
    if (bytes > LIMITS.maxBytes) check.errors.push(requestErrors.tooLarge(bytes));
    const lines = physicalLineCount(text);
    if (lines > LIMITS.maxLines) check.errors.push(requestErrors.tooManyLines(lines));
  }
  return check;
}

function integerProblems(fields: Record<string, unknown>, names: readonly string[]): ApiErrorItem[] {
  return names.filter((n) => intField(fields[n]) === 'invalid').map((n) => requestErrors.notInteger(n, String(fields[n])));
}

function checkCustomerRequest(config: SandboxAccountConfig, fields: Record<string, unknown>): RequestCheck {
  const errors = integerProblems(fields, ['settingId', 'isUpdateInfo', 'updateBlank', 'skipFirst']);
  if (errors.length > 0) return { errors };
  const settingId = intField(fields.settingId);
  const sorted = [...config.customerFormats].sort((a, b) => a.settingId - b.settingId);
  // settingId omitted → the format with the smallest id (seed manual).
  const format = typeof settingId === 'number' ? sorted.find((f) => f.settingId === settingId) : sorted[0];
  if (!format) return { errors: [typeof settingId === 'number' ? requestErrors.unknownSettingId(settingId) : requestErrors.noCustomerFormat()] };
  return { errors: [], format };
}

function checkReportRequest(config: SandboxAccountConfig, fields: Record<string, unknown>): RequestCheck {
  const errors = integerProblems(fields, ['reportTypeId', 'isNewIssues', 'skipFirst', 'isImmApproval', 'pdfIssueType', 'approvalFlowId', 'isSendMail', 'isPostReplaceBill']);
  if (errors.length > 0) return { errors };
  const issue = intField(fields.isNewIssues) ?? DEFAULT_IS_NEW_ISSUES;
  if (issue !== ISSUE_NEW && issue !== ISSUE_REPLACE) return { errors: [requestErrors.badIssueType(issue as number)] };
  const reportTypeId = intField(fields.reportTypeId) ?? 1;
  const type = config.documentTypes.find((t) => t.reportTypeId === reportTypeId);
  if (!type) return { errors: [requestErrors.unknownReportType(reportTypeId as number)] };
  const approve = intField(fields.isImmApproval) === 1;
  if (approve && intField(fields.pdfIssueType) === null) return { errors: [requestErrors.pdfIssueTypeRequired()] };
  const flowId = intField(fields.approvalFlowId);
  if (typeof flowId === 'number') {
    const flow = config.approvalFlows.find((f) => f.approvalFlowId === flowId);
    if (!flow) return { errors: [requestErrors.unknownApprovalFlow(flowId)] };
    if (approve && !flow.skipApproval) return { errors: [requestErrors.approvalFlowNotSkippable(flowId)] };
  }
  return { errors: [], type, issue };
}

/**
 * Lines as the 10,000-line limit counts them. Empty lines at the very end are not counted [assumed]:
 * RAKUS's Java sample writes one more CRLF after the CSV, and a file at the limit sent that way
 * should not be refused for a line that holds nothing.
 */
function physicalLineCount(text: string): number {
  const trimmed = text.replace(/(?:\r\n|\r|\n)+$/, '');
  if (trimmed.length === 0) return 0;
  return (trimmed.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}
