import { describe, expect, it } from 'vitest';
import { resolveToken } from './token-source';

describe('resolveToken', () => {
  const settings = { meisai: { apiToken: 'fileToken123' } };
  it('prefers MEISAI_API_TOKEN over the file', () => {
    expect(resolveToken(settings, { MEISAI_API_TOKEN: ' envToken456 ' })).toEqual({ token: 'envToken456', source: 'environment' });
  });
  it('falls back to the file, ignoring an empty variable', () => {
    expect(resolveToken(settings, { MEISAI_API_TOKEN: '  ' })).toEqual({ token: 'fileToken123', source: 'file' });
  });
  it('answers null when there is no token anywhere', () => {
    expect(resolveToken({ meisai: {} }, {})).toBe(null);
    expect(resolveToken(null, {})).toBe(null);
  });
});
