// What a command may touch of the outside world: its output streams, the environment and the
// working directory. Commands return their exit code instead of calling process.exit, so tests run
// them in-process and read what they printed.

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An io that keeps everything written, for tests. */
export function memoryIo(env: Record<string, string | undefined> = {}, cwd = process.cwd()): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const errs: string[] = [];
  return {
    stdout: (t) => void out.push(t),
    stderr: (t) => void errs.push(t),
    env,
    cwd,
    out: () => out.join(''),
    err: () => errs.join(''),
  };
}
