// The three screens. Leaving 連携設定 with unsaved changes asks first.
export type Page = 'settings' | 'waiting' | 'history';

export const PAGE_LABELS: Record<Page, string> = {
  settings: '連携設定',
  waiting: '待機中のファイル',
  history: '実行履歴',
};

export function PageNav({ page, onNavigate }: { readonly page: Page; readonly onNavigate: (page: Page) => void }) {
  return (
    <nav className="page-nav" aria-label="画面">
      <ul>
        {(Object.keys(PAGE_LABELS) as Page[]).map((p) => (
          <li key={p}>
            <button type="button" aria-current={p === page ? 'page' : undefined} onClick={() => onNavigate(p)}>
              {PAGE_LABELS[p]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
