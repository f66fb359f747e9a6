// A waiting file's pre-flight verdict: ready to send (with encoding, lines and parts), nothing to
// send, or refused with the line and column of each problem — or why it is not looked at yet: held
// open by another program (Excel), or still being written. A file the content guards will stop is
// never called 「送信できます」: it says what the run will do with it instead.
import { overlapMessage, type ContentForesight, type PreflightVerdict } from '../../../../shared/run';
import { formatDateTimeShort, formatLines } from '../../form/clerk-format';
import { FileProblems } from '../history/file-problems';

const ENCODING_LABELS = { cp932: 'Shift_JIS', utf8: 'UTF-8（Shift_JISに変換して送信）', 'utf8-bom': 'UTF-8 BOM付き（Shift_JISに変換して送信）' } as const;

export function VerdictView({ verdict, stable, locked }: { readonly verdict: PreflightVerdict | null; readonly stable: boolean; readonly locked: string | null }) {
  if (locked !== null) {
    return (
      <span>
        <span className="badge file-held">開かれています</span> {locked}
      </span>
    );
  }
  if (!stable) {
    return (
      <span>
        <span className="badge file-found">書き込み中</span> <span className="file-note">書き込みが終わるのを待っています。</span>
      </span>
    );
  }
  if (verdict === null) return <span className="badge file-found">未確認</span>;
  switch (verdict.verdict) {
    case 'ok':
      if (verdict.foresight !== undefined) return <ForesightView foresight={verdict.foresight} />;
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

/** What the run will do with a file whose content, or some of whose lines, went before. */
export function foresightText(foresight: ContentForesight): { readonly badge: string; readonly text: string } {
  if (foresight.kind === 'same-content') {
    return {
      badge: '同一内容',
      text: `${formatDateTimeShort(foresight.at)}に取り込み済みの内容と同じです。送信せずに「処理済み」へ移します（送る場合は実行履歴の「同じ内容でも送信する」）。`,
    };
  }
  return {
    badge: '要確認（一部送信済み）',
    text: `${overlapMessage(foresight.lines, foresight.overlapping)}。送信せずに保留し、実行履歴で送り方を伺います（送信しない・差替発行・新規発行）。`,
  };
}

function ForesightView({ foresight }: { readonly foresight: ContentForesight }) {
  const { badge, text } = foresightText(foresight);
  return (
    <span data-foresight={foresight.kind}>
      <span className={`badge ${foresight.kind === 'same-content' ? 'file-duplicate' : 'file-overlap'}`}>{badge}</span> <span className="file-note">{text}</span>
    </span>
  );
}
