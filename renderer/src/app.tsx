// The settings window: header, the three screens, and the guard against losing unsaved settings
// (both when switching screens and when the window is closed or reloaded).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { AppHeader } from './components/app-header';
import { HistoryPage } from './components/history/history-page';
import { PageNav, type Page } from './components/page-nav';
import { SettingsPage } from './components/settings/settings-page';
import { WaitingPage } from './components/waiting/waiting-page';
import { isDirty } from './stores/settings-store';
import type { Stores } from './stores/stores-context';

export const UNSAVED_QUESTION = '連携設定に保存していない変更があります。変更を破棄して移動しますか？';

export function App({ stores }: { readonly stores: Stores }) {
  const [page, setPage] = useState<Page>('settings');
  const dirty = useStore(stores.settings, isDirty);

  useEffect(() => {
    void stores.settings.getState().load();
    void stores.agent.getState().load();
    // The waiting files are also shown under each ファイル名 field of the settings.
    void stores.waiting.getState().load();
    return () => {
      stores.settings.getState().dispose();
      stores.agent.getState().dispose();
      stores.history.getState().dispose();
      stores.waiting.getState().dispose();
    };
  }, [stores]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const navigate = (to: Page) => {
    if (to === page) return;
    if (page === 'settings' && dirty) {
      if (!window.confirm(UNSAVED_QUESTION)) return;
      stores.settings.getState().discard();
    }
    setPage(to);
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        本文へ移動
      </a>
      <AppHeader />
      <PageNav page={page} onNavigate={navigate} />
      <main id="main" tabIndex={-1}>
        {page === 'settings' ? <SettingsPage /> : page === 'waiting' ? <WaitingPage /> : <HistoryPage />}
      </main>
    </div>
  );
}
