// The token precedence table, for both faces: which source wins, which sources are read at all, and
// which value is checked.
import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import { createMemorySecretStore } from './memory-secret-store';
import { environmentToken, givenToken, resolveToken, storedToken, withEnvironmentToken, type TokenCandidate } from './token-source';

const REAL = 'Real0Token1';
const ENV = 'Env0Token2';
const FILE = 'File0Token3';

/** A source that records whether it was read: a source below the one used is never touched. */
function watched(candidate: TokenCandidate, reads: string[]): TokenCandidate {
  return { ...candidate, read: () => (reads.push(candidate.origin), candidate.read()) };
}

// The CLI's sources, in order: --token-file / --token, MEISAI_API_TOKEN, the settings file.
const TABLE: readonly { name: string; flag?: string; env?: string; file?: string; uses: string | null; reads: string[]; error?: RegExp }[] = [
  { name: 'flag wins over everything', flag: REAL, env: ENV, file: FILE, uses: REAL, reads: ['flag'] },
  { name: 'environment wins over the file', env: ENV, file: FILE, uses: ENV, reads: ['flag', 'environment'] },
  { name: 'the file when nothing else gives one', file: FILE, uses: FILE, reads: ['flag', 'environment', 'file'] },
  { name: 'a blank environment does not hide the file', env: '   ', file: FILE, uses: FILE, reads: ['flag', 'environment', 'file'] },
  { name: 'a blank flag does not hide the environment', flag: '', env: ENV, uses: ENV, reads: ['flag', 'environment'] },
  { name: 'values are trimmed', env: `  ${ENV}\n`, uses: ENV, reads: ['flag', 'environment'] },
  { name: "the README's placeholder in the file is not checked when the environment gives the token", env: ENV, file: '…', uses: ENV, reads: ['flag', 'environment'] },
  { name: 'the placeholder is refused, naming where it is, when it is the one used', file: '…', uses: null, reads: ['flag', 'environment', 'file'], error: /英数字だけです.*（設定ファイル）$/ },
  { name: 'a bad environment value is refused, naming the variable', env: 'not a token', file: FILE, uses: null, reads: ['flag', 'environment'], error: /環境変数 MEISAI_API_TOKEN/ },
  { name: 'nothing anywhere: no token', uses: null, reads: ['flag', 'environment', 'file'] },
];

describe('token precedence: flag > environment > file, blank ignored, only the used one checked', () => {
  it.each(TABLE)('$name', async ({ flag, env, file, uses, reads, error }) => {
    const seen: string[] = [];
    const r = await resolveToken([
      watched(givenToken('flag', '--token', flag), seen),
      watched(environmentToken(env === undefined ? {} : { MEISAI_API_TOKEN: env }), seen),
      watched(givenToken('file', '設定ファイル', file), seen),
    ]);
    expect(seen).toEqual(reads);
    if (error) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('secrets.invalid-token');
        expect(r.error.message).toMatch(error);
      }
    } else expect(r).toEqual(ok(uses === null ? null : expect.objectContaining({ token: uses })));
  });

  it('the tray app: MEISAI_API_TOKEN, then the encrypted store, by the same rule', async () => {
    const saved = createMemorySecretStore({ token: 'saved1' });
    expect(await withEnvironmentToken(saved, { MEISAI_API_TOKEN: ' fromEnv9 ' }).get()).toEqual(ok('fromEnv9'));
    expect(withEnvironmentToken(saved, { MEISAI_API_TOKEN: 'fromEnv9' }).storage()).toBe('environment');
    // Blank: the saved token, and the window says it is the saved one.
    const blank = withEnvironmentToken(saved, { MEISAI_API_TOKEN: '  ' });
    expect(await blank.get()).toEqual(ok('saved1'));
    expect(blank.storage()).toBe('encrypted');
    // A saved token that no longer decrypts is reported only when the environment gives none.
    saved.breakDecryption();
    expect(await withEnvironmentToken(saved, { MEISAI_API_TOKEN: 'fromEnv9' }).get()).toEqual(ok('fromEnv9'));
    const broken = await resolveToken([environmentToken({}), storedToken(saved)]);
    expect(broken.ok ? 'ok' : broken.error.code).toBe('secrets.undecryptable');
    expect(await withEnvironmentToken(createMemorySecretStore(), {}).get()).toEqual(ok(null));
  });
});
