// One HTTP request through the sandbox: which account it is for, the fault switches that act before
// the body is read (stall, latency), the gates (maintenance, 500, account, token, rate limit), the
// endpoint, then the switches that act on the answer on its way out (replaced importId, dropped
// connection, hang, huge or crawling answer).
import type http from 'node:http';
import type { Logger } from '../ports/logger';
import type { AccountState, MutableImport } from './account-state';
import { isImportPost, type RouteRequest } from './account-routes';
import { passGates } from './request-gates';
import { readRequestBody } from './request-body';
import { sendAnswer, type Answer } from './sandbox-answer';
import { crawlAnswer, hugeAnswer, type FaultStats, type SandboxFaults } from './sandbox-faults';
import type { SandboxTimers } from './sandbox-timers';

export interface RequestHandlerDeps {
  readonly faults: SandboxFaults;
  readonly stats: FaultStats;
  readonly timers: SandboxTimers;
  readonly logger: Logger;
  /** The clock a maintenance window is read on. */
  readonly now: () => Date;
  readonly rateLimit: number | null;
  /** The account a request names, once the request is counted for it (unknown names are counted too). */
  arrive(account: string): AccountState | undefined;
  readonly route: RouteRequest;
}

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export function createRequestHandler(deps: RequestHandlerDeps): RequestHandler {
  const { faults, timers, logger } = deps;
  return async (req, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, accountName = '', ...restParts] = url.pathname.split('/');
    const account = decodeURIComponent(accountName);
    const rest = restParts.join('/');
    const state = deps.arrive(account);

    const faulted = faults.match === null || faults.match.test(`${method} ${rest}`);
    if (faulted && faults.stallRequestBody) {
      // Never read: the client's body backs up in the socket and it cannot finish sending.
      req.pause();
      logger.info('sandbox fault: request body not read', { account, path: rest });
      return;
    }
    const body = await readRequestBody(req);
    if (body === null) return sendAnswer(res, { status: 413, contentType: 'text/plain', body: 'Payload Too Large' }, true);
    if (faulted && faults.latencyMs > 0) await timers.delay(faults.latencyMs);
    if (timers.closed) return void res.destroy();

    const token = req.headers['x-wb-apitoken'];
    const gate = passGates({ account, state, method, rest, token, faulted }, { faults, now: deps.now(), nowMs: Date.now(), rateLimit: deps.rateLimit });
    if ('answer' in gate) return deliver(deps, req, res, { answer: gate.answer, record: null, faulted, account, method, rest });
    const routed = await deps.route(gate.state, { method, rest, url, contentType: req.headers['content-type'] ?? '', body });
    let answer = routed.answer;
    const record = routed.record;
    if (faulted && isImportPost(method, rest)) {
      if (faults.replaceImportId !== undefined && record?.importId != null) {
        answer = { ...answer, body: JSON.stringify({ ...(JSON.parse(answer.body) as Record<string, unknown>), importId: faults.replaceImportId }) };
        faults.replaceImportId = undefined;
      }
      if (faults.dropAfterBody > 0) {
        faults.dropAfterBody--;
        if (record) record.answered = false;
        logger.info('sandbox fault: connection dropped after the body', { account, path: rest, importId: record?.importId ?? null });
        res.destroy();
        return;
      }
    }
    return deliver(deps, req, res, { answer, record, faulted, account, method, rest });
  };
}

interface Outgoing {
  readonly answer: Answer;
  /** The import this request recorded: marked unanswered when the answer does not arrive whole. */
  readonly record: MutableImport | null;
  readonly faulted: boolean;
  readonly account: string;
  readonly method: string;
  readonly rest: string;
}

/** Writes the answer, unless a fault holds it back (hang), streams something else (huge) or crawls it. */
async function deliver(deps: RequestHandlerDeps, req: http.IncomingMessage, res: http.ServerResponse, out: Outgoing): Promise<void> {
  const { faults, timers, stats } = deps;
  const { answer, record, faulted } = out;
  if (faulted && faults.hangMs > 0) await timers.delay(faults.hangMs);
  if (timers.closed || res.destroyed || req.socket.destroyed) {
    if (record) record.answered = false;
    return void res.destroy();
  }
  deps.logger.info('sandbox request', { account: out.account, method: out.method, path: out.rest, status: answer.status });
  const stopped = () => timers.closed;
  if (faulted && faults.hugeAnswerBytes > 0) {
    if (record) record.answered = false;
    return hugeAnswer(res, faults.hugeAnswerBytes, stats, stopped);
  }
  if (faulted && faults.crawl !== null) {
    if (record) record.answered = false;
    const body = Buffer.from(answer.body, 'utf8');
    return crawlAnswer(res, answer.status, { 'content-type': answer.contentType, ...answer.headers }, body, faults.crawl.everyMs, stats, stopped);
  }
  sendAnswer(res, answer, false);
}
