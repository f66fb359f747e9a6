// The three screens. Each is an address (#/settings, #/waiting, #/history); leaving 連携設定 with
// unsaved changes asks first (the router does).
import { HISTORY, SETTINGS, WAITING, type Page, type Route } from '../routing/route';
import { useRouter } from '../routing/router';

export const PAGE_LABELS: Record<Page, string> = {
  settings: '連携設定',
  waiting: '待機中のファイル',
  history: '実行履歴',
};

const PAGE_ROUTES: Record<Page, Route> = { settings: SETTINGS, waiting: WAITING, history: HISTORY };

export function PageNav() {
  const { route, navigate } = useRouter();
  return (
    <nav className="page-nav" aria-label="画面">
      <ul>
        {(Object.keys(PAGE_LABELS) as Page[]).map((p) => (
          <li key={p}>
            <button type="button" aria-current={p === route.page ? 'page' : undefined} onClick={() => navigate(PAGE_ROUTES[p])}>
              {PAGE_LABELS[p]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
