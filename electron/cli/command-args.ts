// Every command reads its options the same way: strict parsing, a usage error answered with the
// command's help on stderr and exit 2, `--help` / `-h` answered on stdout with exit 0. One place,
// so no command can drift from the others in what it prints or returns.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

export interface CommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

type Parsed<O extends Options, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP_OPTION; strict: true; allowPositionals: P }>
>;

/** The parsed options, or the exit code once help or a usage error has been printed. */
export function parseCommandArgs<const O extends Options, const P extends boolean = false>(
  argv: readonly string[],
  options: O,
  help: string,
  io: CommandOutput,
  allowPositionals?: P,
): Parsed<O, P> | { readonly exit: number } {
  let parsed: Parsed<O, P>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, ...HELP_OPTION },
      strict: true,
      allowPositionals: (allowPositionals ?? false) as P,
    }) as Parsed<O, P>;
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n\n${help}`);
    return { exit: 2 };
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(help);
    return { exit: 0 };
  }
  return parsed;
}
