// Which words the 実行履歴 page gives for each answer of main: the cases the window tests do not
// reach (a release that could not start its run, and why; each overlap answer; a file that moved).
import { describe, expect, it } from 'vitest';
import { customerHoldNotice, overlapChoiceNotice, shownFileNote } from './history-notices';

describe('customerHoldNotice', () => {
  it.each([
    [{ runId: 'run-1', customerFileName: 'kokyaku.csv' }, /^顧客データ「kokyaku\.csv」を待たずに送信します。/],
    [{ runId: null, customerFileName: 'kokyaku.csv', notStarted: 'busy' as const }, /送るよう記録しました。この連携設定は実行中のため、次回の実行で送信します。$/],
    [{ runId: null, customerFileName: 'kokyaku.csv', notStarted: 'stopped' as const }, /送るよう記録しました。エージェントが停止しているため、起動後の次回の実行で送信します。$/],
  ])('%j', (value, expected) => {
    expect(customerHoldNotice(value)).toMatch(expected);
  });
});

describe('overlapChoiceNotice', () => {
  it.each([
    ['skip', '送信しないことを記録しました。ファイルは「エラー」フォルダに残してあります。'],
    ['replace', '差替発行での送信を受け付けました。結果は実行履歴に追加されます。'],
    ['new-issue', '新規発行での送信を受け付けました。結果は実行履歴に追加されます。'],
  ] as const)('%s', (choice, text) => {
    expect(overlapChoiceNotice(choice)).toBe(text);
  });
});

describe('shownFileNote', () => {
  it('says nothing when the file was shown, and that only its last folder was opened when it moved', () => {
    expect(shownFileNote({ shown: 'file' })).toBeNull();
    expect(shownFileNote({ shown: 'folder' })).toEqual({ text: expect.stringMatching(/もうその場所にありません/), error: false });
  });
});
