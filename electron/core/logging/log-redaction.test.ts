import { describe, expect, it } from 'vitest';
import { createRedactor, MASK } from './log-redaction';

const TOKEN = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';

describe('redactor', () => {
  it('masks a 64-character token-looking string anywhere in text', () => {
    const r = createRedactor();
    expect(TOKEN).toHaveLength(64);
    expect(r.text(`token is ${TOKEN}.`)).toBe(`token is ${MASK}.`);
  });

  it('leaves longer or shorter alphanumeric runs alone', () => {
    const r = createRedactor();
    expect(r.text(`${TOKEN}x`)).toBe(`${TOKEN}x`);
    expect(r.text(TOKEN.slice(1))).toBe(TOKEN.slice(1));
  });

  it('masks X-WB-apitoken and Authorization header values in text, whatever their shape', () => {
    const r = createRedactor();
    expect(r.text('X-WB-apitoken: short123 next')).toBe(`X-WB-apitoken: ${MASK} next`);
    expect(r.text('{"x-wb-apitoken":"abc"}')).toBe(`{"x-wb-apitoken":"${MASK}"}`);
    expect(r.text('Authorization: Bearer abc.def')).toBe(`Authorization: ${MASK}`);
  });

  it('masks fields named token, apiToken, headers, authorization at any depth', () => {
    const r = createRedactor();
    const out = r.value({ a: { apiToken: 'x1', token: 'y2', Authorization: 'Basic zz', headers: { 'content-type': 'text/csv' } }, keep: 'visible' });
    expect(out).toEqual({ a: { apiToken: MASK, token: MASK, Authorization: MASK, headers: MASK }, keep: 'visible' });
  });

  it('masks a registered secret wherever it appears, also inside longer words', () => {
    const r = createRedactor();
    r.registerSecret('s3cr3t-value');
    expect(r.text('url?k=s3cr3t-value&x=1 prefixs3cr3t-value')).toBe(`url?k=${MASK}&x=1 prefix${MASK}`);
    expect(r.value({ nested: ['s3cr3t-value'] })).toEqual({ nested: [MASK] });
  });

  it('keeps a sha256 digest under a hash field but masks the same shape elsewhere', () => {
    const r = createRedactor();
    const sha = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);
    expect(r.value({ sha256: sha, note: sha })).toEqual({ sha256: sha, note: MASK });
  });

  it('serialises errors (name, message, stack, cause, own fields) and survives cycles', () => {
    const r = createRedactor();
    const e = new Error(`failed with ${TOKEN}`, { cause: new Error('inner') }) as Error & { code: string; self?: unknown };
    e.code = 'ECONNRESET';
    e.self = e;
    const out = r.value(e) as Record<string, unknown>;
    expect(out.name).toBe('Error');
    expect(out.message).toBe(`failed with ${MASK}`);
    expect(out.code).toBe('ECONNRESET');
    expect(out.self).toBe('[Circular]');
    expect((out.cause as Record<string, unknown>).message).toBe('inner');
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });

  it('ignores very short registered values that would mask ordinary words', () => {
    const r = createRedactor();
    r.registerSecret('abc');
    r.registerSecret('');
    r.registerSecret(null);
    expect(r.text('abc def')).toBe('abc def');
  });
});
