// Moves focus to a page's heading after the clerk moved to it (not when the window opens), so a
// screen reader announces the new page and the next Tab starts there.
import { useEffect, type RefObject } from 'react';
import { useRouter } from './router';

export function useFocusOnMove(ref: RefObject<HTMLElement | null>, key: string, ready = true): void {
  const { moves } = useRouter();
  useEffect(() => {
    if (moves === 0 || !ready) return;
    ref.current?.focus();
    // Only when the address changes or the page becomes ready, not on every render.
  }, [moves, key, ready, ref]);
}
