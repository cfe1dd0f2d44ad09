import type { ReactNode } from 'react';
import { describeError } from '../api/api-error.js';
import { Icon } from './Icon.js';

export function Loading({ children }: { children: ReactNode }) {
  return (
    <div className="state state-loading" role="status">
      <Icon name="spinner" className="spin" />
      <span>{children}</span>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
      {action ? <div className="state-action">{action}</div> : null}
    </div>
  );
}

/** An error with its next step: the message, and a retry button when there is something to retry. */
export function ErrorNote({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <div className="note note-error" role="alert">
      <Icon name="alert" />
      <div className="note-text">
        {title ? <strong className="note-title">{title}</strong> : null}
        <span>{describeError(error)}</span>
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Note({ tone, children }: { tone: 'info' | 'warn' | 'ok' | 'error'; children: ReactNode }) {
  const icon = tone === 'ok' ? 'check' : tone === 'info' ? 'info' : 'alert';
  return (
    <div className={`note note-${tone}`}>
      <Icon name={icon} />
      <div className="note-text">{children}</div>
    </div>
  );
}
