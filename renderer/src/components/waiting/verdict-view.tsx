// A waiting file's pre-flight verdict: ready to send (with encoding, lines and parts), nothing to
// send, or refused with the line and column of each problem.
import type { PreflightVerdict } from '../../../../shared/run';
import { formatLines } from '../../form/clerk-format';
import { FileProblems } from '../history/file-problems';

const ENCODING_LABELS = { cp932: 'Shift_JIS', utf8: 'UTF-8（Shift_JISに変換して送信）', 'utf8-bom': 'UTF-8 BOM付き（Shift_JISに変換して送信）' } as const;

export function VerdictView({ verdict, stable }: { readonly verdict: PreflightVerdict | null; readonly stable: boolean }) {
  if (!stable) return <span className="badge file-found">書き込み中</span>;
  if (verdict === null) return <span className="badge file-found">未確認</span>;
  switch (verdict.verdict) {
    case 'ok':
      return (
        <span>
          <span className="badge file-done">送信できます</span> {ENCODING_LABELS[verdict.encoding]}・{formatLines(verdict.lines)}
          {verdict.parts > 1 ? `・${verdict.parts}回に分けて送信` : ''}
        </span>
      );
    case 'no-data':
      return (
        <span>
          <span className="badge file-no-data">データなし</span> {verdict.message}
        </span>
      );
    case 'unreadable':
      return (
        <span>
          <span className="badge file-failed">読み込めません</span> {verdict.message}
        </span>
      );
    case 'invalid':
      return (
        <div>
          <span className="badge file-failed">エラー</span>
          <FileProblems problems={verdict.problems} />
        </div>
      );
  }
}
