// The `json` part of an import POST, mapped from the agent's request types. Pure, so the mapping of
// each setting (取込設定ID, 利用中の上書き, 承認フラグ…) to the API's integer codes is tested on its own.
import type { CustomerImportRequest, ReportImportRequest } from './types';

/**
 * What travels with a 差替発行 (isNewIssues 2) besides the documents [assumed: the field names are
 * seen in a public client, their values are our reading; see docs/rakuraku-meisai-api.md]:
 * - isSendMail 1: the customers get 楽楽明細's mail for the replaced documents, as they got one for
 *   the originals — a corrected invoice nobody is told about is easily missed;
 * - isPostReplaceBill 0: no paper copy is posted again by 楽楽明細's postal service (it costs per
 *   letter; the clerk can order it in 楽楽明細 when a customer receives paper);
 * - inputUserComment: not sent, since where it is shown (to the customer or only in the admin
 *   screen) is not known.
 */
export const REPLACEMENT_FIELDS = { isSendMail: 1, isPostReplaceBill: 0 } as const;

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
  // A new issue unless the clerk chose 差替発行 for a file whose lines went before: the agent never
  // replaces documents on its own.
  const replace = request.issue === 'replace';
  fields.isNewIssues = replace ? 2 : 1;
  if (replace) Object.assign(fields, REPLACEMENT_FIELDS);
  fields.skipFirst = request.skipFirst ? 1 : 0;
  fields.isImmApproval = request.approve ? 1 : 0;
  // pdfIssueType is only allowed with isImmApproval=1, and then required: 0 = issue now.
  if (request.approve) fields.pdfIssueType = 0;
  if (request.approvalFlowId !== null) fields.approvalFlowId = request.approvalFlowId;
  fields.importProcessName = request.importProcessName;
  return fields;
}
