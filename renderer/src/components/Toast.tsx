import type { ReactNode } from 'react';

/**
 * Keep the region mounted (empty when idle) so screen readers announce what appears in it.
 * A transient message at the bottom of the window, with an optional action (Undo).
 */
export function ToastRegion({ children }: { children: ReactNode }) {
  return (
    <div className="toast-region" role="status">
      {children}
    </div>
  );
}

export function Toast({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="toast">
      <span>{children}</span>
      {action}
    </div>
  );
}
