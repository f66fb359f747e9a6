// Customers before documents, across runs. Document lines name customers by 顧客コード, so a document
// file goes only once the customers it may need are in 楽楽明細. The verdict is pure: the runner hands
// in what the history says about customer files and gets it for the documents of one setting. The
// clerk can release a refused customer file's hold on the documents (the window's button).
import { isCustomerHold } from '../../../shared/clerk-advice';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { RunTarget } from '../../../shared/run';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Journal } from './journal';

/** Recorded on a document file held back by a refused customer file; the window offers the release there. */
export { CUSTOMER_HOLD_REASON } from '../../../shared/clerk-advice';

/** Why the documents wait while a customer file waits for its automatic resend. */
export const WAITING_FOR_CUSTOMERS_REASON = '先に送る顧客データが再送待ちのため、顧客データの送信の後に送ります。';

/** Why the documents wait while a customer file is being imported elsewhere (resume, another run). */
export const CUSTOMERS_IN_FLIGHT_REASON = '顧客データの取込の完了を待っています（顧客データを先に取り込むため）。';

/** Why the documents wait while this run's customer file is still being imported (or was left). */
export const CUSTOMERS_NOT_IMPORTED_NOTICE = '顧客データの取込が完了しなかったため、帳票データは送信していません（ファイルはそのままです）。';

export interface CustomersSituation {
  /** The customer file that was refused last and not released (history: blockingCustomerFile). */
  readonly refused: Pick<StoredFile, 'id' | 'fileName' | 'runId'> | null;
  /** Customer files in 再送待ち (any run): the earliest next attempt, ISO. */
  readonly retryWaitUntil: string | null;
  /** A customer file is being sent or imported right now elsewhere (resume after a restart, another run). */
  readonly inFlight: boolean;
  /** This run's own customer files all ended imported (or with nothing to send). */
  readonly thisRunImported: boolean;
}

export type DocumentsGate =
  /** The customers are in: send. */
  | { readonly kind: 'go' }
  /** A refused customer file holds them back: each is recorded 保留 (CUSTOMER_HOLD_REASON) and left in its folder. */
  | { readonly kind: 'hold'; readonly customerFile: Pick<StoredFile, 'id' | 'fileName' | 'runId'> }
  /** Customers wait (their automatic resend, or an import under way): the documents are checked and parked until then. */
  | { readonly kind: 'wait'; readonly until: Date; readonly reason: string }
  /** This run's customers were not imported for another reason (locked, 取込状況不明…): documents stay untouched. */
  | { readonly kind: 'not-now'; readonly notice: string };

/** A document parked behind customers goes just after them, so the customers' resend comes first. */
const AFTER_CUSTOMERS_MS = 1_000;
/**
 * `recheckMs`: how soon documents look again at a customer import under way elsewhere (the first wait
 * of 再送待ち: within a minute).
 */
export function documentsGate(situation: CustomersSituation, now: Date, recheckMs = 60_000): DocumentsGate {
  if (situation.refused !== null) return { kind: 'hold', customerFile: situation.refused };
  if (situation.retryWaitUntil !== null) {
    const at = Math.max(Date.parse(situation.retryWaitUntil), now.getTime()) + AFTER_CUSTOMERS_MS;
    return { kind: 'wait', until: new Date(at), reason: WAITING_FOR_CUSTOMERS_REASON };
  }
  if (situation.inFlight) return { kind: 'wait', until: new Date(now.getTime() + recheckMs), reason: CUSTOMERS_IN_FLIGHT_REASON };
  if (!situation.thisRunImported) return { kind: 'not-now', notice: CUSTOMERS_NOT_IMPORTED_NOTICE };
  return { kind: 'go' };
}

const IN_FLIGHT: readonly string[] = ['sending', 'sent', 'importing'];

/**
 * The customers' situation as the history tells it. When documents are judged, this run's own
 * customer files are behind it, so a customer file still being sent or imported is someone else's
 * (resume, which runs beside the agent, or the clerk's resend); a 取込状況不明 one counts while it is
 * claimed (resume is asking about it right now), not while it merely waits for the next run.
 */
export function customersSituation(
  reader: { findRetryWaits(): readonly StoredFile[]; blockingCustomerFile(): StoredFile | null; findUnfinishedFiles(): readonly StoredFile[] },
  thisRunImported: boolean,
  claimed: (path: string) => boolean,
): CustomersSituation {
  const waiting = reader.findRetryWaits().filter((f) => f.kind === 'customers' && f.state.state === 'retry-wait');
  const first = waiting[0];
  return {
    refused: reader.blockingCustomerFile(),
    retryWaitUntil: first !== undefined && first.state.state === 'retry-wait' ? first.state.nextAttemptAt : null,
    inFlight: reader.findUnfinishedFiles().some((f) => f.kind === 'customers' && (IN_FLIGHT.includes(f.state.state) || (f.state.state === 'unknown' && claimed(f.originalPath)))),
    thisRunImported,
  };
}

/** The clerk's 「顧客データを待たずに送信する」 on a document file held (保留) by a refused customer file. */
export type ReleaseCustomerHold = (documentFileId: number) => Result<{ readonly customerFile: StoredFile; readonly target: RunTarget }>;

export function createReleaseCustomerHold(deps: {
  readonly reader: Pick<HistoryReader, 'getFile' | 'blockingCustomerFile'>;
  readonly journal: Pick<Journal, 'releaseCustomerHold'>;
}): ReleaseCustomerHold {
  return (documentFileId) => {
    const doc = deps.reader.getFile(documentFileId);
    if (!doc || doc.kind !== 'report' || !isCustomerHold(doc.state)) {
      return err(appError('runner.not-customer-hold', 'このファイルは顧客データの保留ではありません。画面を更新してください。', `file ${documentFileId}`));
    }
    const customerFile = deps.reader.blockingCustomerFile();
    if (customerFile === null) {
      return err(appError('runner.not-customer-hold', '顧客データの保留はすでに解除されています。次回の実行（または「今すぐ連携」）で送信します。', `file ${documentFileId}`));
    }
    const released = deps.journal.releaseCustomerHold(customerFile.id);
    if (!released.ok) return released;
    return ok({ customerFile, target: { kind: 'report', reportId: doc.settingKey } });
  };
}
