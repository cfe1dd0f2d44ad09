import type { ReactNode } from 'react';
import { Icon } from './Icon.js';
import { EmptyState, ErrorNote, Loading } from './StateViews.js';
import { Toast, ToastRegion } from './Toast.js';

/**
 * The frame of a screen that lists cards the user adds, edits and removes (Digests, People): the title with its Add
 * button (in the empty state instead while there is nothing yet), an introduction, the list once loaded — or loading,
 * the load error with Try again, the empty state — then the screen's dialogs, and one dismissable message at the bottom.
 */
export interface CardListScreenProps {
  /** Names the section's class (`<name>-screen`) and its title's id (`<name>-title`). */
  name: string;
  title: string;
  intro: ReactNode;
  /** The Add button's label and action. */
  add: { label: string; onClick: () => void };
  /** The list as loaded: `loaded` is false until the first answer. */
  state: { loading: boolean; error: unknown; loaded: boolean; reload: () => void };
  count: number;
  loadingText: string;
  errorTitle: string;
  empty: { title: string; body: ReactNode };
  /** The cards, shown once loaded and not empty. */
  list: () => ReactNode;
  message: string | null;
  onDismiss: () => void;
  /** The screen's editors and dialogs. */
  children?: ReactNode;
}

export function CardListScreen(p: CardListScreenProps) {
  const addButton = (
    <button type="button" className="btn btn-primary" onClick={p.add.onClick}>
      <Icon name="plus" />
      {p.add.label}
    </button>
  );
  let body;
  if (p.state.loading && !p.state.loaded) body = <Loading>{p.loadingText}</Loading>;
  else if (p.state.error && !p.state.loaded)
    body = <ErrorNote title={p.errorTitle} error={p.state.error} onRetry={p.state.reload} />;
  else if (p.count === 0)
    body = (
      <EmptyState title={p.empty.title} action={addButton}>
        {p.empty.body}
      </EmptyState>
    );
  else body = p.list();

  return (
    <section className={`screen ${p.name}-screen`} aria-labelledby={`${p.name}-title`}>
      <header className="screen-header">
        <h1 id={`${p.name}-title`}>{p.title}</h1>
        {p.count > 0 ? addButton : null}
      </header>
      <p className="screen-intro">{p.intro}</p>
      {body}
      {p.children}
      <ToastRegion>
        {p.message ? (
          <Toast
            action={
              <button type="button" className="btn btn-small" onClick={p.onDismiss}>
                Dismiss
              </button>
            }
          >
            {p.message}
          </Toast>
        ) : null}
      </ToastRegion>
    </section>
  );
}
