// What answers a request before its endpoint does, in the order a request meets them on the real
// service: maintenance and 500s (they answer whatever the account), an unknown account, the token,
// the rate limit; then the fault of a server that echoes the token back in an error.
import {
  AUTH_FAILURE_STATUS, authFailureErrors, maintenancePage, rateLimitErrors, REQUEST_ERROR_HTTP_STATUS, unknownAccountPage,
} from './assumed-behaviour';
import type { AccountState } from './account-state';
import { isImportPost } from './account-routes';
import { slideRateWindow } from './rate-window';
import { errorAnswer, htmlAnswer, type Answer } from './sandbox-answer';
import { maintenanceNow, type SandboxFaults } from './sandbox-faults';

export interface GatedRequest {
  readonly account: string;
  /** undefined: no such account. */
  readonly state: AccountState | undefined;
  readonly method: string;
  readonly rest: string;
  readonly token: string | string[] | undefined;
  /** The fault switches apply to this request (faults.match). */
  readonly faulted: boolean;
}

export interface GateRules {
  readonly faults: SandboxFaults;
  /** The sandbox's clock, for a maintenance window. */
  readonly now: Date;
  /** The rate window runs on real time: it is what a client's pacing meets. */
  readonly nowMs: number;
  readonly rateLimit: number | null;
}

/** Either the answer a gate gave, or the account the request may go on to. */
export type Gate = { readonly answer: Answer } | { readonly state: AccountState };

export function passGates(request: GatedRequest, rules: GateRules): Gate {
  const { faults } = rules;
  const { faulted, state, rest } = request;
  const maintenance = faulted ? maintenanceNow(faults, rules.now) : null;
  if (maintenance === '503') return { answer: htmlAnswer(503, maintenancePage(), faults.retryAfter !== null ? { 'retry-after': faults.retryAfter } : undefined) };
  if (maintenance === 'html') return { answer: htmlAnswer(200, maintenancePage()) };
  if (faulted && faults.fail500 > 0) {
    faults.fail500--;
    return { answer: htmlAnswer(500, '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>') };
  }
  if (!state) return { answer: htmlAnswer(404, unknownAccountPage(request.account)) };
  if (request.token !== state.config.token) return { answer: errorAnswer(AUTH_FAILURE_STATUS, authFailureErrors(request.token === undefined), rest) };
  const rate = slideRateWindow(state.window, rules.nowMs, rules.rateLimit);
  state.window = rate.window;
  if (rate.over) return { answer: { ...errorAnswer(429, rateLimitErrors(rules.rateLimit ?? 0), rest), headers: { 'retry-after': faults.retryAfter ?? '60' } } };
  if (faulted && faults.echoTokenInError > 0 && isImportPost(request.method, rest)) {
    faults.echoTokenInError--;
    return { answer: echoedTokenRefusal(String(request.token ?? ''), rest) };
  }
  return { state };
}

/** An import refused with the request's own X-WB-apitoken in its message: a client must not log it. */
function echoedTokenRefusal(token: string, path: string): Answer {
  return errorAnswer(REQUEST_ERROR_HTTP_STATUS, [{
    code: 'E9999',
    msg: `受付番号${token}の要求は処理できませんでした。`,
    description: [{ code: 'E9999', msg: `値 ${token} を処理できませんでした`, name: 'files[0]', value: token }],
  }], path, { importId: null });
}
