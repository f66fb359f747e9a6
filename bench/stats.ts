// Small helpers shared by the benchmark scripts: medians, formatting, and "am I the script that was
// run" (each bench file is runnable on its own and importable by bench/run.ts).
import { resolve } from 'node:path';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const max = (xs: readonly number[]): number => (xs.length === 0 ? NaN : Math.max(...xs));

export const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Rounds for the JSON file: figures are not more precise than this. */
export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** True when `moduleFile` (import.meta.filename) is the script node/tsx was asked to run. */
export const isMainModule = (moduleFile: string): boolean =>
  process.argv[1] !== undefined && resolve(process.argv[1]) === moduleFile;

/** Runs `fn` `times` times and returns each duration in milliseconds. */
export function timeRepeated(fn: () => unknown, times: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}
