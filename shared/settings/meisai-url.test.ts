import { describe, expect, it } from 'vitest';
import { normalizeMeisaiUrl } from './meisai-url';

describe('normalizeMeisaiUrl', () => {
  const accepted: [string, string][] = [
    ['https://rbsample.eco-serv.jp/xxxxxxx/', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['https://rbsample.eco-serv.jp/xxxxxxx', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['https://rbsample.eco-serv.jp/xxxxxxx/backadmin', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['https://rbsample.eco-serv.jp/xxxxxxx/backadmin/', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['https://rbthyme.eco-serv.jp/acme01/backadmin/index/top?tab=2#x', 'https://rbthyme.eco-serv.jp/acme01/'],
    ['  https://ta.eco-serv.jp/acme/backadmin  ', 'https://ta.eco-serv.jp/acme/'],
    ['https://RBIVY.ECO-SERV.JP/acme/mypage/', 'https://rbivy.eco-serv.jp/acme/'],
    ['https://rbbrier.eco-serv.jp/acme/index/', 'https://rbbrier.eco-serv.jp/acme/'],
    ['rbsample.eco-serv.jp/xxxxxxx/backadmin', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['https://rbsample.eco-serv.jp/xxxxxxx/?from=mail', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['https://rbsample.eco-serv.jp/xxxxxxx/api/v1/customers/', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
    ['\u3000https://rbsample.eco-serv.jp/xxxxxxx/backadmin\u3000', 'https://rbsample.eco-serv.jp/xxxxxxx/'],
  ];
  it.each(accepted)('%s → %s', (input, expected) => {
    expect(normalizeMeisaiUrl(input)).toEqual({ ok: true, value: expected });
  });

  const refused: [string, RegExp][] = [
    ['', /入力してください/],
    ['http://rbsample.eco-serv.jp/xxxxxxx/', /https/],
    ['https://rbsample.example.com/xxxxxxx/', /eco-serv\.jp/],
    ['https://eco-serv.jp.evil.example/xxxxxxx/', /eco-serv\.jp/],
    ['https://rbsample.eco-serv.jp/', /アカウント/],
    ['https://rbsample.eco-serv.jp/backadmin', /アカウント/],
    ['https://rbsample.eco-serv.jp/acme/extra/path', /余分/],
    ['http://127.0.0.1:8080/sandbox/', /サンドボックス/],
    ['https://', /形式/],
  ];
  it.each(refused)('refuses %s', (input, message) => {
    const r = normalizeMeisaiUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('accepts a loopback sandbox only when asked explicitly', () => {
    expect(normalizeMeisaiUrl('http://127.0.0.1:8080/sandbox', { allowLoopback: true })).toEqual({ ok: true, value: 'http://127.0.0.1:8080/sandbox/' });
    expect(normalizeMeisaiUrl('http://localhost:9/sandbox/backadmin', { allowLoopback: true })).toEqual({ ok: true, value: 'http://localhost:9/sandbox/' });
    expect(normalizeMeisaiUrl('http://10.0.0.5/sandbox/', { allowLoopback: true }).ok).toBe(false);
  });
});
