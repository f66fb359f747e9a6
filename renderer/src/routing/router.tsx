// Keeps the window's page in its URL hash: the hash is read at start and on every change (main's
// loadURL to a new hash, back / forward, a link), and moves inside the window write it. Leaving
// 連携設定 with unsaved changes is asked here, once, whichever way the clerk leaves.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { isDirty } from '../stores/settings-store';
import type { Stores } from '../stores/stores-context';
import { formatHash, parseHash, type Route } from './route';

export const UNSAVED_QUESTION = '連携設定に保存していない変更があります。変更を破棄して移動しますか？';

export interface Router {
  readonly route: Route;
  /** `replace` changes the address without a new back-button step (e.g. a filter). */
  navigate(to: Route, options?: { readonly replace?: boolean }): void;
  /** Increments on each move made after the window opened, so pages can move focus then only. */
  readonly moves: number;
}

export const RouterContext = createContext<Router | null>(null);

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (router === null) throw new Error('RouterContext が設定されていません。');
  return router;
}

/** Whether the clerk may leave `from` for `to` (asks when unsaved settings would be lost). */
function mayLeave(stores: Stores, from: Route, to: Route): boolean {
  if (from.page !== 'settings' || to.page === 'settings' || !isDirty(stores.settings.getState())) return true;
  if (!window.confirm(UNSAVED_QUESTION)) return false;
  stores.settings.getState().discard();
  return true;
}

export function useHashRouter(stores: Stores): Router {
  const [state, setState] = useState(() => ({ route: parseHash(window.location.hash), moves: 0 }));
  const current = useRef(state.route);

  const adopt = useCallback((to: Route) => {
    current.current = to;
    setState((s) => ({ route: to, moves: s.moves + 1 }));
  }, []);

  useEffect(() => {
    const onHashChange = () => {
      const to = parseHash(window.location.hash);
      // A move made inside the window was asked about and adopted already (navigate).
      if (formatHash(to) === formatHash(current.current)) return;
      if (!mayLeave(stores, current.current, to)) {
        // Stay: put the address back without adding a step.
        window.history.replaceState(null, '', formatHash(current.current));
        return;
      }
      adopt(to);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [stores, adopt]);

  const navigate = useCallback(
    (to: Route, options?: { readonly replace?: boolean }) => {
      const hash = formatHash(to);
      if (options?.replace === true) {
        if (!mayLeave(stores, current.current, to)) return;
        window.history.replaceState(null, '', hash);
        adopt(to);
      } else if (hash === formatHash(current.current)) {
        // Same address: no hashchange would come, but the page may want to scroll or refocus.
        adopt(to);
      } else {
        // Asked here, in the clerk's click, rather than later in hashchange: the question comes
        // at once, and the page moves only after the answer.
        if (!mayLeave(stores, current.current, to)) return;
        adopt(to);
        window.location.hash = hash;
      }
    },
    [stores, adopt],
  );

  return { route: state.route, moves: state.moves, navigate };
}
