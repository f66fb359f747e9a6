// Pre-flight: everything checked before any API call. The runner sends only `ready` files, and only
// the bytes that were checked.
import type { FileProblem } from '../../../shared/run';

export type DetectedEncoding = 'cp932' | 'utf8' | 'utf8-bom';

export interface PreflightLimits {
  /** Lines per import, header included (楽楽明細: 10,000). */
  readonly maxLines: number;
  /** Bytes per import (楽楽明細: 3 MB). */
  readonly maxBytes: number;
}

export const MEISAI_LIMITS: PreflightLimits = { maxLines: 10_000, maxBytes: 3 * 1024 * 1024 };

/** One import's worth of CSV: Windows-31J bytes, CRLF line ends as received. */
export interface CsvPart {
  readonly bytes: Uint8Array;
  /** Data lines in this part (header excluded). */
  readonly dataLines: number;
  /** 1-based line numbers in the original file that this part covers (data lines). */
  readonly firstLine: number;
  readonly lastLine: number;
}

export type PreflightResult =
  | {
      readonly verdict: 'ready';
      readonly encoding: DetectedEncoding;
      /** SHA-256 (hex) of the original file bytes, for the “already imported” check. */
      readonly sha256: string;
      readonly header: readonly string[] | null;
      readonly dataLines: number;
      /** Customer files over a limit are split at line boundaries, header repeated; others have one part. */
      readonly parts: readonly CsvPart[];
    }
  | { readonly verdict: 'no-data'; readonly sha256: string; readonly message: string }
  | { readonly verdict: 'invalid'; readonly sha256: string; readonly problems: readonly FileProblem[] };

export interface PreflightInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly kind: 'customers' | 'report';
  /** ファイル1行目: true when the first line is a header to skip. */
  readonly hasHeader: boolean;
  readonly limits?: PreflightLimits;
}
