import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from './command-args';
import { memoryIo } from './cli-io';

const HELP = '使い方: meisai-connector x';

describe('parseCommandArgs', () => {
  it('returns typed options and positionals', () => {
    const io = memoryIo();
    const r = parseCommandArgs(['--json', 'a.csv'], { json: { type: 'boolean', default: false } }, HELP, io, true);
    expect(r).toMatchObject({ values: { json: true, help: false }, positionals: ['a.csv'] });
    expect(io.out() + io.err()).toBe('');
  });

  it('answers -h / --help with the help on stdout and exit 0', () => {
    for (const flag of ['-h', '--help']) {
      const io = memoryIo();
      expect(parseCommandArgs([flag], {}, HELP, io)).toEqual({ exit: 0 });
      expect(io.out()).toBe(HELP);
    }
  });

  it('answers an unknown option or an unexpected argument with the reason and the help on stderr, exit 2', () => {
    for (const argv of [['--nope'], ['stray.csv']]) {
      const io = memoryIo();
      expect(parseCommandArgs(argv, { json: { type: 'boolean' } }, HELP, io)).toEqual({ exit: 2 });
      expect(io.err()).toMatch(new RegExp(`\\n\\n${HELP}$`));
      expect(io.out()).toBe('');
    }
  });
});
