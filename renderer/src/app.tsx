// The settings window: header, the three screens chosen by the URL hash, and the guard against
// losing unsaved settings when the window is closed or reloaded (leaving for another screen is
// guarded by the router).
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { AppHeader } from './components/app-header';
import { HistoryLossBanner } from './components/history-loss-banner';
import { HistoryPage } from './components/history/history-page';
import { PageNav } from './components/page-nav';
import { SettingsPage } from './components/settings/settings-page';
import { WaitingPage } from './components/waiting/waiting-page';
import { RouterContext, useHashRouter } from './routing/router';
import { isDirty } from './stores/settings-store';
import type { Stores } from './stores/stores-context';

export { UNSAVED_QUESTION } from './routing/router';

export function App({ stores }: { readonly stores: Stores }) {
  const router = useHashRouter(stores);
  const dirty = useStore(stores.settings, isDirty);

  useEffect(() => {
    void stores.settings.getState().load();
    void stores.agent.getState().load();
    // The waiting files are also shown under each ファイル名 field of the settings.
    void stores.waiting.getState().load();
    // The header's エラーあり counts the latest run of each setting, on every screen.
    void stores.latest.getState().load();
    return () => {
      stores.settings.getState().dispose();
      stores.agent.getState().dispose();
      stores.history.getState().dispose();
      stores.waiting.getState().dispose();
      stores.latest.getState().dispose();
    };
  }, [stores]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const page = router.route.page;
  return (
    <RouterContext.Provider value={router}>
      <div className="app">
        <a className="skip-link" href="#main" onClick={skipToMain}>
          本文へ移動
        </a>
        <AppHeader />
        <HistoryLossBanner />
        <PageNav />
        <main id="main" tabIndex={-1}>
          {page === 'settings' ? <SettingsPage /> : page === 'waiting' ? <WaitingPage /> : <HistoryPage />}
        </main>
      </div>
    </RouterContext.Provider>
  );
}

/** The skip link moves focus without touching the address (the hash holds the page). */
function skipToMain(e: React.MouseEvent) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}
