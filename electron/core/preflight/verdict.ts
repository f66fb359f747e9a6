// One pre-flight result, three audiences: the window's list of waiting files (PreflightVerdict),
// the CLI `validate` command (formatPreflight lines) — the same verdict in each.
import type { AppError } from '../../../shared/result';
import type { PreflightVerdict } from '../../../shared/run';
import { formatNumber, sizeText } from './messages';
import { MEISAI_LIMITS, type DetectedEncoding, type PreflightLimits, type PreflightResult } from './types';

export function toVerdict(result: PreflightResult): PreflightVerdict {
  switch (result.verdict) {
    case 'ready':
      return {
        verdict: 'ok',
        encoding: result.encoding,
        lines: result.dataLines,
        bytes: result.parts.reduce((sum, p) => sum + p.bytes.length, 0),
        parts: result.parts.length,
      };
    case 'no-data':
      return { verdict: 'no-data', message: result.message };
    case 'invalid':
      return { verdict: 'invalid', problems: result.problems };
  }
}

/** For a file that could not be read at all (locked, gone, no permission): the fs error's message. */
export function unreadableVerdict(error: AppError): PreflightVerdict {
  return { verdict: 'unreadable', message: error.message };
}

export const ENCODING_LABELS: Record<DetectedEncoding, string> = {
  cp932: 'Shift_JIS（CP932）',
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8（BOM付き）',
};

/** The lines the CLI prints for one file. Problems' own messages already name file, line and column. */
export function formatPreflight(fileName: string, result: PreflightResult, limits: PreflightLimits = MEISAI_LIMITS): string[] {
  switch (result.verdict) {
    case 'ready': {
      const bytes = result.parts.reduce((sum, p) => sum + p.bytes.length, 0);
      const out = [`OK  ${fileName}: ${ENCODING_LABELS[result.encoding]}、データ ${formatNumber(result.dataLines)}件、送信 ${formatNumber(bytes)}バイト`];
      if (result.encoding !== 'cp932') out.push(`    UTF-8のため、Shift_JIS（CP932）に変換して送ります。`);
      if (result.parts.length > 1) {
        out.push(`    楽楽明細の上限（${formatNumber(limits.maxLines)}行・${sizeText(limits.maxBytes)}）を超えるため、${result.parts.length}回に分けて送ります（見出し行は毎回付けます）:`);
        result.parts.forEach((p, i) =>
          out.push(`    ${i + 1}回目: ${formatNumber(p.firstLine)}〜${formatNumber(p.lastLine)}行目（${formatNumber(p.dataLines)}件、${formatNumber(p.bytes.length)}バイト）`),
        );
      }
      return out;
    }
    case 'no-data':
      return [`--  ${fileName}: データなし（送信しません）`, `    ${result.message}`];
    case 'invalid':
      return [`NG  ${fileName}: 送信できません（${formatNumber(result.problems.length)}件の問題）`, ...result.problems.map((p) => `    ${p.message}`)];
  }
}
