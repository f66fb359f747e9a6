// An import POST received: read the form, record the import (refused ones too, so a test sees what
// arrived), refuse it at once the way 楽楽明細 does, or accept it with an importId and let it go
// 'active' → 'complete' (customers upserted, documents issued) or 'error' with per-line problems.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { Logger } from '../ports/logger';
import {
  ALL_OR_NOTHING, DEFAULT_IS_NEW_ISSUES, FAILED_PROCESS_STATUS, lineErrors, REQUEST_ERROR_HTTP_STATUS, type ApiErrorDescription,
} from './assumed-behaviour';
import type { AccountState, MutableImport, SandboxImportKind } from './account-state';
import { checkImportRequest, intField, type RequestCheck } from './import-request-checks';
import { readImportForm } from './import-form';
import { checkCustomerCsv, checkReportCsv, upsertCustomers } from './import-validation';
import { errorAnswer, jsonAnswer, type Answer } from './sandbox-answer';

export interface Received {
  readonly answer: Answer;
  /** The import recorded, if the request got that far (a form that could not be read is not). */
  readonly record: MutableImport | null;
}

export interface ImportReceiverDeps {
  readonly logger: Logger;
  nextImportId(): number;
  /** Runs an accepted import's completion when its time comes (after a delay, or when released). */
  scheduleCompletion(complete: () => void): void;
}

export type ReceiveImport = (state: AccountState, kind: SandboxImportKind, contentType: string, body: Buffer, path: string) => Promise<Received>;

export function createImportReceiver(deps: ImportReceiverDeps): ReceiveImport {
  const { logger } = deps;
  return async (state, kind, contentType, body, path) => {
    const form = await readImportForm(contentType, body);
    if (!form.ok) {
      if (form.detail !== undefined) logger.info('sandbox: not multipart/form-data', { path, detail: form.detail });
      return { answer: errorAnswer(REQUEST_ERROR_HTTP_STATUS, form.errors, path, { importId: null }), record: null };
    }
    const { fields, csv } = form;
    const text = iconv.decode(csv.bytes, 'cp932');
    const record: MutableImport = {
      account: state.config.account, importId: null, kind, receivedAt: new Date(), fileName: csv.fileName, json: fields, text,
      bytes: csv.bytes.byteLength, sha256: createHash('sha256').update(csv.bytes).digest('hex'),
      attachmentFileName: form.attachmentFileName,
      status: 'error', processStatus: null, errors: [], appliedRows: 0, deleted: false, answered: true,
    };
    const check = checkImportRequest(state.config, kind, fields, csv.bytes.byteLength, text);
    state.imports.push(record);
    if (check.errors.length > 0) {
      record.errors = check.errors;
      return { answer: errorAnswer(REQUEST_ERROR_HTTP_STATUS, check.errors, path, { importId: null, linkuri: '' }), record };
    }
    record.importId = deps.nextImportId();
    record.status = 'success';
    record.processStatus = 'active';
    deps.scheduleCompletion(() => complete(state, record, check, logger));
    return { answer: jsonAnswer(200, { importId: record.importId, status: 'success', linkuri: '', errors: [] }, path), record };
  };
}

/** What an accepted import does to the tenant once it runs; all or nothing when a line is bad. */
function complete(state: AccountState, record: MutableImport, check: RequestCheck, logger: Logger): void {
  const fields = record.json;
  const skipFirst = intField(fields.skipFirst) !== 0;
  if (record.kind === 'customers' && check.format) {
    const checked = checkCustomerCsv(record.text, check.format, skipFirst);
    if (checked.problems.length > 0 && ALL_OR_NOTHING) return fail(record, checked.problems, logger);
    upsertCustomers(state.master, check.format, checked.rows, {
      overwriteInUse: intField(fields.isUpdateInfo) === 1,
      overwriteWithBlank: intField(fields.updateBlank) === 1,
    });
    record.appliedRows = checked.rows.length;
  } else if (record.kind === 'reports' && check.type) {
    const checked = checkReportCsv(record.text, check.type, skipFirst, state.master);
    if (checked.problems.length > 0 && ALL_OR_NOTHING) return fail(record, checked.problems, logger);
    // 新規発行 adds documents, 差替発行 replaces them (document-store.ts).
    const issued = state.documents.apply(check.type, checked.rows, check.issue ?? DEFAULT_IS_NEW_ISSUES, record.importId!);
    if (issued.length > 0) return fail(record, [...issued], logger);
    record.appliedRows = checked.rows.length;
  }
  record.processStatus = 'complete';
  logger.info('sandbox import complete', { account: record.account, importId: record.importId, kind: record.kind, rows: record.appliedRows });
}

function fail(record: MutableImport, problems: readonly ApiErrorDescription[], logger: Logger): void {
  record.processStatus = FAILED_PROCESS_STATUS;
  record.errors = lineErrors(problems);
  logger.info('sandbox import failed', { account: record.account, importId: record.importId, problems: problems.length });
}
