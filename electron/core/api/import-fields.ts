// The `json` part of an import POST, mapped from the agent's request types. Pure, so the mapping of
// each setting (取込設定ID, 利用中の上書き, 承認フラグ…) to the API's integer codes is tested on its own.
import type { CustomerImportRequest, ReportImportRequest } from './types';

/** The fields of a customer import, in the order they are written on the wire. */
export function customerImportFields(request: CustomerImportRequest): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  // Omitted rather than null: the API then uses the format with the smallest id (seed manual).
  if (request.settingId !== null) fields.settingId = request.settingId;
  fields.isUpdateInfo = request.overwriteInUse ? 1 : 0;
  fields.updateBlank = request.overwriteWithBlank ? 1 : 2;
  fields.skipFirst = request.skipFirst ? 1 : 0;
  fields.importProcessName = request.importProcessName;
  return fields;
}

/** The fields of a document import, in the order they are written on the wire. */
export function reportImportFields(request: ReportImportRequest): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  fields.reportTypeId = request.reportTypeId;
  // Always a new issue: the agent never replaces documents (差替発行 needs a clerk's decision).
  fields.isNewIssues = 1;
  fields.skipFirst = request.skipFirst ? 1 : 0;
  fields.isImmApproval = request.approve ? 1 : 0;
  // pdfIssueType is only allowed with isImmApproval=1, and then required: 0 = issue now.
  if (request.approve) fields.pdfIssueType = 0;
  if (request.approvalFlowId !== null) fields.approvalFlowId = request.approvalFlowId;
  fields.importProcessName = request.importProcessName;
  return fields;
}
