// What an HTTP answer means, read whole or cut off at the cap: the classifier's verdict, with a
// cut-off answer never taken for a success and the server's Retry-After kept with the error it came
// with. Pure.
import type http from 'node:http';
import { classifyAnswer, type CallContext, type JsonOutcome, type Redact } from './response-classifier';
import type { CappedAnswer } from './capped-exchange';

export function readAnswer(answer: CappedAnswer, ctx: CallContext, redact: Redact): JsonOutcome {
  const classified = classifyAnswer({ status: answer.status, contentType: headerText(answer.headers['content-type']), body: answer.body }, ctx, redact);
  return withRetryAfter(cutOffAnswer(classified, answer, ctx), answer.headers);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * An answer cut off at the cap is never a success: its first bytes still tell maintenance (503, or
 * the HTML page) apart, everything else is an answer this client cannot read — for an import POST
 * the 要確認 case, since the server did answer.
 */
function cutOffAnswer(outcome: JsonOutcome, answer: CappedAnswer, ctx: CallContext): JsonOutcome {
  if (!answer.truncated) return outcome;
  if (!outcome.ok && (outcome.error.kind === 'maintenance' || outcome.error.kind === 'server' || outcome.error.kind === 'auth' || outcome.error.kind === 'not-found')) return outcome;
  return {
    ok: false,
    error: {
      kind: 'malformed',
      message: '楽楽明細からの応答が大きすぎるため、読み取りを途中でやめました。',
      detail: `${ctx.method} ${ctx.path} → HTTP ${answer.status}: answer longer than ${answer.body.byteLength} bytes, cut off`,
    },
  };
}

/** 楽楽明細's `Retry-After` (seconds or an HTTP date) travels with the error it came with. */
function withRetryAfter(outcome: JsonOutcome, headers: http.IncomingHttpHeaders): JsonOutcome {
  const retryAfter = headerText(headers['retry-after'])?.trim();
  if (outcome.ok || retryAfter === undefined || retryAfter === '') return outcome;
  const e = outcome.error;
  if (e.kind === 'maintenance' || e.kind === 'rate-limited' || e.kind === 'server') return { ok: false, error: { ...e, retryAfter } };
  return outcome;
}
