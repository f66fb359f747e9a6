import { describe, expect, it } from 'vitest';
import {
  classifyAnswer, classifyTransportFailure, interpretImport, interpretLookup, interpretState, problemsFromErrors,
  type CallContext, type TransportFailure,
} from './response-classifier';
import { secretTextRedactor } from '../logging/log-redaction';

const post: CallContext = { method: 'POST', path: 'api/v1/customers/imports' };
const get: CallContext = { method: 'GET', path: 'api/v1/customers/imports/1/state' };
const answer = (status: number, body: string, contentType?: string) => ({ status, contentType, body: Buffer.from(body, 'utf8') });
const kindOf = (outcome: ReturnType<typeof classifyAnswer>) => (outcome.ok ? 'ok' : outcome.error.kind);

describe('classifyAnswer', () => {
  it.each([
    [503, '<html>down</html>', 'text/html', 'maintenance'],
    [200, 'Status: 503 Maintenance mode\r\n<html></html>', 'text/plain', 'maintenance'],
    [200, '\uFEFF  Status: 503 Maintenance mode', undefined, 'maintenance'],
    [200, '<!DOCTYPE html><html></html>', undefined, 'maintenance'],
    [200, '{"x":1}', 'text/html', 'ok'],
    [200, 'OK', 'text/plain', 'malformed'],
    [200, '[1,2]', 'application/json', 'malformed'],
    [204, '', undefined, 'malformed'],
    [401, '{}', 'application/json', 'auth'],
    [403, '<html>forbidden</html>', 'text/html', 'auth'],
    [404, '<html>nf</html>', 'text/html', 'not-found'],
    [302, '', undefined, 'not-found'],
    [429, '', undefined, 'rate-limited'],
    [500, '', undefined, 'server'],
    [502, 'Bad Gateway', undefined, 'server'],
    [500, '{"status":"error","errors":[{"code":"E9","msg":"一時的なエラー"}]}', 'application/json', 'server'],
    [400, '{"status":"error","errors":[{"code":"E1","msg":"APIトークンが正しくありません。"}]}', 'application/json', 'auth'],
    [400, '{"status":"error","errors":[{"code":"E1","msg":"settingIdが不正です"}]}', 'application/json', 'rejected'],
    [400, 'bad', 'text/plain', 'rejected'],
    [200, '{"status":"error","errors":[{"code":"E9","msg":"認証に失敗しました"}]}', 'application/json', 'auth'],
    [200, '{"status":"error","errors":[]}', 'application/json', 'rejected'],
    [200, '{"status":"error","processStatus":"error","errors":[]}', 'application/json', 'ok'],
  ])('HTTP %i %j (%s) → %s', (status, body, type, kind) => {
    expect(kindOf(classifyAnswer(answer(status, body, type), post))).toBe(kind);
  });

  it('tells a 5xx that is the API\'s own JSON refusal (no importId) from a gateway\'s or a crash\'s answer', () => {
    const apiAnswer = (status: number, body: string) => {
      const outcome = classifyAnswer(answer(status, body, 'application/json'), post);
      return !outcome.ok && outcome.error.kind === 'server' ? outcome.error.apiAnswer : null;
    };
    expect(apiAnswer(500, '{"status":"error","errors":[{"code":"E9","msg":"x"}]}')).toBe(true);
    expect(apiAnswer(500, '{"status":"error","importId":5,"errors":[]}')).toBe(false);
    expect(apiAnswer(502, 'Bad Gateway')).toBe(false);
    expect(apiAnswer(504, '{"message":"upstream timed out"}')).toBe(false);
  });

  it('403 points at the IP address restriction as well as the token', () => {
    const outcome = classifyAnswer(answer(403, ''), get);
    expect(outcome.ok ? '' : outcome.error.message).toContain('IPアドレス制限');
  });

  it('keeps the body in the detail, flattened and cut', () => {
    const outcome = classifyAnswer(answer(500, `line1\n${'x'.repeat(1000)}`), post);
    const detail = outcome.ok ? '' : outcome.error.detail;
    expect(detail.startsWith('POST api/v1/customers/imports → HTTP 500: line1 xxx')).toBe(true);
    expect(detail.length).toBeLessThan(400);
  });
});

describe('problemsFromErrors', () => {
  it('masks a secret the server echoed, in messages, columns and codes', () => {
    const token = 'Zz9'.repeat(10);
    const redact = secretTextRedactor([token]);
    const problems = problemsFromErrors([{ code: 'E1', msg: `トークン${token}は無効です`, description: [{ msg: `x-wb-apitoken=${token}`, name: `h${token}`, value: token }] }], redact);
    expect(JSON.stringify(problems)).not.toContain(token);
    expect(problems?.[0]?.message).toContain('[REDACTED]');
  });

  it('refuses lists not shaped as documented (null), accepts none at all ([])', () => {
    expect(problemsFromErrors('boom')).toBeNull();
    expect(problemsFromErrors(['boom'])).toBeNull();
    expect(problemsFromErrors([{ msg: 'x', description: 'not a list' }])).toBeNull();
    expect(problemsFromErrors([{ msg: { nested: true } }])).toBeNull();
    expect(problemsFromErrors(undefined)).toEqual([]);
  });

  it('one problem per description, messages as received, line from 「N行目」, column from name', () => {
    expect(problemsFromErrors([
      { code: 'E2000', msg: '誤りがあります', description: [
        { code: 'E2003', msg: '12行目: 顧客コード「C9」の顧客が登録されていません。', name: '顧客コード', value: 'C9' },
        { code: 'E2002', msg: '13行目: 顧客コードが入力されていません。', name: '顧客コード', value: '' },
      ] },
      { code: 'E1', msg: 'まとめ' },
      { msg: 'コードなし', description: [{ msg: '値つき', name: 'settingId', value: 5 }] },
    ])).toEqual([
      { line: 12, column: '顧客コード', code: 'E2003', message: '12行目: 顧客コード「C9」の顧客が登録されていません。' },
      { line: 13, column: '顧客コード', code: 'E2002', message: '13行目: 顧客コードが入力されていません。' },
      { code: 'E1', message: 'まとめ' },
      { column: 'settingId', message: '値つき（値: 5）' },
    ]);
  });
});

describe('interpret*', () => {
  it('accepts a numeric-string importId and refuses a missing one', () => {
    expect(interpretImport({ status: 'success', importId: '77' }, post)).toEqual({ ok: true, value: { importId: 77 } });
    expect(interpretImport({ status: 'success' }, post).ok).toBe(false);
  });
  it.each([-1, 0, 1.5, '-1', '0', 'abc', null, true, {}, [], 2 ** 60, '12345678901234567'])('importId %j is an unknown outcome (malformed), never an id', (importId) => {
    const r = interpretImport({ status: 'success', importId }, post);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('malformed');
      expect(r.error.message).toContain('取込IDが正しくありません');
    }
  });
  it('a status that is neither success nor error is an unknown outcome', () => {
    const r = interpretImport({ status: 'pending', importId: 5 }, post);
    expect(!r.ok && r.error.kind).toBe('malformed');
  });
  it('a processStatus that is not text is an unknown outcome; a failed one with unreadable errors is still failed', () => {
    for (const processStatus of [null, 3, '', ['complete'], undefined]) expect(interpretState({ processStatus }, get).ok).toBe(false);
    const failed = interpretState({ processStatus: 'error', errors: 'oops' }, get);
    expect(failed.ok && failed.value.processStatus === 'failed' && failed.value.problems[0]!.message).toContain('想定外の形式');
  });
  it('a status:"error" answer whose errors are not shaped as documented is still a refusal, said plainly', () => {
    const outcome = classifyAnswer(answer(200, '{"status":"error","errors":"boom"}', 'application/json'), post);
    expect(!outcome.ok && outcome.error.kind).toBe('rejected');
    expect(!outcome.ok && outcome.error.kind === 'rejected' && outcome.error.problems[0]!.message).toContain('想定外の形式');
  });
  it('masks the token in what it keeps of a body', () => {
    const token = 'Qq7'.repeat(10);
    const outcome = classifyAnswer(answer(500, `echo ${token}`), post, secretTextRedactor([token]));
    expect(!outcome.ok && outcome.error.detail).not.toContain(token);
    const bad = interpretImport({ status: 'success', importId: token }, post, secretTextRedactor([token]));
    expect(JSON.stringify(bad)).not.toContain(token);
  });
  it('any processStatus other than active/complete is a failure, with or without errors', () => {
    expect(interpretState({ processStatus: 'cancel' }, get)).toEqual({ ok: true, value: { processStatus: 'failed', raw: 'cancel', problems: [{ message: '楽楽明細での取込が失敗しました（processStatus: cancel）' }] } });
    expect(interpretState({ status: 'success' }, get).ok).toBe(false);
  });
  it('reads the lookup count from count, or from the list', () => {
    expect(interpretLookup({ count: 3 })).toEqual({ ok: true, value: { count: 3 } });
    expect(interpretLookup({ customers: [{}, {}] })).toEqual({ ok: true, value: { count: 2 } });
    expect(interpretLookup({ status: 'success' })).toEqual({ ok: true, value: { count: null } });
  });
});

describe('classifyTransportFailure', () => {
  const base: TransportFailure = { name: 'RequestError', code: undefined, message: 'x', timeoutEvent: undefined, connected: false, requestWritten: false };
  it.each([
    [{ code: 'ECONNREFUSED' }, 'unreachable'],
    [{ code: 'ENOTFOUND' }, 'unreachable'],
    [{ code: 'EAI_AGAIN' }, 'unreachable'],
    [{ code: 'EHOSTUNREACH' }, 'unreachable'],
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', timeoutEvent: 'connect' }, 'unreachable'],
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', timeoutEvent: 'lookup' }, 'unreachable'],
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', connected: true }, 'unreachable'],
    [{ message: 'Bad response: 407', connected: true }, 'unreachable'],
    [{ code: 'ERR_ABORTED' }, 'unreachable'],
    [{ code: 'ERR_ABORTED', connected: true }, 'uncertain'],
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', timeoutEvent: 'response', connected: true, requestWritten: true }, 'uncertain'],
    // The deadline (or the send timeout) before the whole body was written: nothing complete arrived.
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', timeoutEvent: 'send', connected: true }, 'unreachable'],
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', timeoutEvent: 'request', connected: true }, 'unreachable'],
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', timeoutEvent: 'request', connected: true, requestWritten: true }, 'uncertain'],
    [{ code: 'ECONNRESET', message: 'socket hang up', connected: true, requestWritten: true }, 'uncertain'],
    [{ code: 'ECONNRESET', connected: true }, 'uncertain'],
    [{ code: 'EPIPE', connected: true }, 'uncertain'],
    [{ code: 'ERR_SOMETHING_NEW' }, 'uncertain'],
  ] as const)('%j → %s', (facts, kind) => {
    expect(classifyTransportFailure({ ...base, ...facts }, post).kind).toBe(kind);
  });

  it('only a POST says the data may have arrived', () => {
    const facts = { ...base, code: 'ECONNRESET', connected: true, requestWritten: true };
    expect(classifyTransportFailure(facts, post).message).toContain('データが届いたか確認できません');
    expect(classifyTransportFailure(facts, get).message).not.toContain('データ');
  });
});
