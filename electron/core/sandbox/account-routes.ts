// The API page's endpoints under /<account>/, for a request that passed the gates (account, token,
// rate limit): import POSTs, an import's state, deleting a document import, the customer lookup.
// Anything else is the API's unknown-path error.
import { lookupBody, REQUEST_ERROR_HTTP_STATUS, requestErrors, stateBody, unknownPathErrors } from './assumed-behaviour';
import { findImport, type AccountState, type SandboxImportKind } from './account-state';
import type { Received, ReceiveImport } from './import-receiver';
import { errorAnswer, jsonAnswer, type Answer } from './sandbox-answer';

export interface AccountRequest {
  readonly method: string;
  /** The path after /<account>/. */
  readonly rest: string;
  readonly url: URL;
  readonly contentType: string;
  readonly body: Buffer;
}

export type RouteRequest = (state: AccountState, request: AccountRequest) => Promise<Received>;

export function createAccountRoutes(receiveImport: ReceiveImport): RouteRequest {
  return async (state, { method, rest, url, contentType, body }) => {
    const plain = (answer: Answer): Received => ({ answer, record: null });
    let m: RegExpExecArray | null;
    if (method === 'POST' && rest === 'api/v1/customers/imports') return receiveImport(state, 'customers', contentType, body, rest);
    if (method === 'POST' && rest === 'api/v1/reports/imports') return receiveImport(state, 'reports', contentType, body, rest);
    if (method === 'GET' && (m = /^api\/v1\/(customers|reports)\/imports\/([^/]+)\/state\/?$/.exec(rest))) {
      return plain(importState(state, m[1] as SandboxImportKind, m[2] ?? '', rest));
    }
    if (method === 'DELETE' && (m = /^api\/v1\/reports\/imports\/([^/]+)\/?$/.exec(rest))) {
      return plain(deleteImport(state, m[1] ?? '', rest));
    }
    if (method === 'GET' && /^api\/v1\/customers\/?$/.test(rest)) {
      return plain(lookupCustomers(state, url.searchParams.get('keyword') ?? '', rest));
    }
    return plain(errorAnswer(404, unknownPathErrors(rest), rest));
  };
}

/** An import POST, the requests the after-body faults (drop, replaced importId) act on. */
export function isImportPost(method: string, rest: string): boolean {
  return method === 'POST' && /^api\/v1\/(customers|reports)\/imports$/.test(rest);
}

function importState(state: AccountState, kind: SandboxImportKind, id: string, path: string): Answer {
  const record = findImport(state, kind, id);
  if (!record) return errorAnswer(REQUEST_ERROR_HTTP_STATUS, [requestErrors.notFound(id)], path);
  return jsonAnswer(200, stateBody(record.processStatus, record.errors), path);
}

function deleteImport(state: AccountState, id: string, path: string): Answer {
  const record = findImport(state, 'reports', id);
  if (!record) return errorAnswer(REQUEST_ERROR_HTTP_STATUS, [requestErrors.notFound(id)], path);
  record.deleted = true;
  return jsonAnswer(200, { status: 'success' }, path);
}

function lookupCustomers(state: AccountState, keyword: string, path: string): Answer {
  const found = [...state.master.values()].filter((c) => keyword === '' || c.code.includes(keyword) || Object.values(c.fields).some((v) => v.includes(keyword)));
  return jsonAnswer(200, lookupBody(found), path);
}
