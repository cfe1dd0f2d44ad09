/**
 * Unsaved changes are not dropped without a word: a screen with unsaved edits registers what would be lost, and the
 * shell asks before leaving it (the sidebar, a link, a pasted address, Back/Forward). In a browser tab, closing or
 * reloading gets the browser's own question; the desktop window is not held (Electron would block closing silently).
 */
import { createContext, useContext, useEffect } from 'react';
import { useConnection } from '../api/api-context.js';

export type SetLeaveGuard = (message: string | null) => void;

const LeaveGuardContext = createContext<SetLeaveGuard>(() => undefined);
export const LeaveGuardProvider = LeaveGuardContext.Provider;

/** While `message` is set (what would be lost, in words), leaving this screen asks first. */
export function useLeaveGuard(message: string | null): void {
  const set = useContext(LeaveGuardContext);
  const { host } = useConnection();
  useEffect(() => {
    set(message);
    return () => set(null);
  }, [set, message]);
  useEffect(() => {
    if (!message || host !== 'browser') return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [message, host]);
}
