import { useEffect, useMemo, useRef, useState } from 'react';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import { useApi } from '../../api/api-context.js';
import { describeError } from '../../api/api-error.js';
import type { Route } from '../../app/route.js';
import { useSettings } from '../../app/settings-context.js';
import { ConfirmDialog } from '../../components/Dialog.js';
import { Icon } from '../../components/Icon.js';
import { EmptyState, ErrorNote, Loading } from '../../components/StateViews.js';
import { Toast, ToastRegion } from '../../components/Toast.js';
import { VirtualList, type VirtualListHandle } from '../../components/VirtualList.js';
import { useSubscriptionList } from '../../data/use-subscription-list.js';
import { SubscriptionEditor } from './SubscriptionEditor.js';
import { SubscriptionRow } from './SubscriptionRow.js';
import { usePendingDelete } from './use-pending-delete.js';

type Message = { text: string; action?: { label: string; run: () => void } };

/** Every card has the same height: the list renders only the ones in view (a thousand subscriptions stay quick). */
export const SUB_ROW_HEIGHT = 148;
/** How a subscription is named where several of one repository may stand side by side: `octo/app → #general`. */
function subscriptionName(sub: Subscription, defaultChannel: string | null): string {
  const channel = sub.channel ?? defaultChannel;
  return channel ? `${sub.repo} → #${channel}` : sub.repo;
}

/** A parameter of the address's query part (`#/subscriptions?edit=…`), or null. */
function hashParam(name: string): string | null {
  const hash = window.location.hash;
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '').get(name);
}

function matches(sub: Subscription, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [
    sub.repo,
    sub.account,
    sub.channel ?? '',
    sub.pattern?.description ?? '',
    ...sub.events,
    ...Object.values(sub.channels),
  ].some((v) => v.toLowerCase().includes(q));
}

export function SubscriptionsScreen({ navigate }: { navigate: (route: Route) => void }) {
  const api = useApi();
  const { settings } = useSettings();
  const list = useSubscriptionList();
  // `#/subscriptions?q=nope-channel` (a failure's fix in the feed) searches; `?edit=<id>` opens that subscription.
  const [query, setQuery] = useState(() => hashParam('q') ?? '');
  const [editId, setEditId] = useState(() => hashParam('edit'));
  const listRef = useRef<VirtualListHandle>(null);
  useEffect(() => {
    const follow = () => {
      if (!/^#\/subscriptions(\?|$)/.test(window.location.hash)) return;
      const q = hashParam('q');
      if (q !== null) setQuery(q);
      setEditId(hashParam('edit'));
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const [editor, setEditor] = useState<{ editing: Subscription | null } | null>(null);
  useEffect(() => {
    if (!editId || !list.data) return;
    const sub = list.data.find((s) => s.id === editId);
    setEditId(null);
    window.history.replaceState(window.history.state, '', '#/subscriptions');
    if (sub) setEditor({ editing: sub });
    else setMessage({ text: 'That subscription no longer exists.' });
  }, [editId, list.data]);
  const [confirming, setConfirming] = useState<Subscription | null>(null);
  // Latest toggle per subscription: answers to older toggles are ignored (the switch never flickers back).
  const toggleSeq = useRef(new Map<string, number>());
  const [testing, setTesting] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<Message | null>(null);
  const deletes = usePendingDelete((sub, err) =>
    setMessage({ text: `Could not delete ${sub.repo}: ${describeError(err)}` }),
  );
  // Focus never falls to the page after a delete: it goes to Undo, then back to the restored row or to the heading.
  const undoRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const restoreFocus = useRef<Subscription | null>(null);
  const pendingId = deletes.pending?.id ?? null;
  const hadPending = useRef(false);
  useEffect(() => {
    if (pendingId) {
      hadPending.current = true;
      undoRef.current?.focus();
      return;
    }
    if (!hadPending.current) return;
    hadPending.current = false;
    const restored = restoreFocus.current;
    restoreFocus.current = null;
    const name = restored ? subscriptionName(restored, settings?.slack.defaultChannel ?? null) : null;
    const edit = name
      ? document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(`Edit ${name}`)}"]`)
      : null;
    if (edit) edit.focus();
    else if (!document.activeElement || document.activeElement === document.body) headingRef.current?.focus();
  }, [pendingId, settings?.slack.defaultChannel]);

  const mark = (setter: typeof setTesting, id: string, on: boolean) =>
    setter((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const toggle = (sub: Subscription, enabled: boolean) => {
    const seq = (toggleSeq.current.get(sub.id) ?? 0) + 1;
    toggleSeq.current.set(sub.id, seq);
    const latest = () => toggleSeq.current.get(sub.id) === seq;
    list.setData((subs) => subs?.map((s) => (s.id === sub.id ? { ...s, enabled } : s)));
    api
      .call('subscriptions.setEnabled', { id: sub.id, enabled })
      .then((saved) => {
        if (latest()) list.setData((subs) => subs?.map((s) => (s.id === saved.id ? saved : s)));
      })
      .catch((err: unknown) => {
        if (latest()) list.setData((subs) => subs?.map((s) => (s.id === sub.id ? { ...s, enabled: !enabled } : s)));
        setMessage({ text: `Could not ${enabled ? 'enable' : 'disable'} ${sub.repo}: ${describeError(err)}` });
      });
  };

  const sendTest = (sub: Subscription) => {
    mark(setTesting, sub.id, true);
    api
      .call('subscriptions.test', { id: sub.id })
      .then(() =>
        setMessage({
          text: `Test notification for ${sub.repo} sent. Watch it arrive in the live feed.`,
          action: { label: 'Open live feed', run: () => navigate({ screen: 'feed', step: 'welcome' }) },
        }),
      )
      .catch((err: unknown) => setMessage({ text: `Test for ${sub.repo} failed: ${describeError(err)}` }))
      .finally(() => mark(setTesting, sub.id, false));
  };

  const visible = useMemo(
    () =>
      (list.data ?? [])
        .filter((s) => s.id !== deletes.pending?.id && matches(s, query))
        .sort((a, b) => a.repo.localeCompare(b.repo)),
    [list.data, deletes.pending, query],
  );
  const total = (list.data ?? []).filter((s) => s.id !== deletes.pending?.id).length;

  let body;
  if (list.loading && !list.data) body = <Loading>Loading subscriptions…</Loading>;
  else if (list.error && !list.data)
    body = <ErrorNote title="Could not load subscriptions." error={list.error} onRetry={list.reload} />;
  else if (total === 0)
    body = (
      <EmptyState
        title="No subscriptions yet"
        action={
          <button type="button" className="btn btn-primary" onClick={() => setEditor({ editing: null })}>
            <Icon name="plus" />
            Add subscription
          </button>
        }
      >
        Add one here, or type <code>/forgebell subscribe owner/repo</code> in a Slack channel.
      </EmptyState>
    );
  else if (visible.length === 0) body = <EmptyState title={`No subscription matches “${query}”.`} />;
  else
    body = (
      <div className="sub-list-wrap">
        <VirtualList
          ref={listRef}
          items={visible}
          rowHeight={SUB_ROW_HEIGHT}
          getKey={(sub) => sub.id}
          label="Subscriptions"
          renderRow={(sub) => (
            <SubscriptionRow
              sub={sub}
              defaultChannel={settings?.slack.defaultChannel ?? null}
              testing={testing.has(sub.id)}
              onToggle={(enabled) => toggle(sub, enabled)}
              onEdit={() => setEditor({ editing: sub })}
              onDelete={() => setConfirming(sub)}
              onTest={() => sendTest(sub)}
            />
          )}
        />
      </div>
    );

  return (
    <section className="screen screen-fill screen-subs" aria-labelledby="subs-title">
      <header className="screen-header">
        <div>
          <h1 id="subs-title" ref={headingRef} tabIndex={-1}>
            Subscriptions
          </h1>
          <p className="screen-sub">
            Which repositories notify which Slack channels. Subscriptions made with slash commands appear here too.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setEditor({ editing: null })}>
          <Icon name="plus" />
          Add subscription
        </button>
      </header>
      {total > 0 ? (
        <div className="toolbar" role="search">
          <div className="search-box toolbar-grow">
            <Icon name="search" />
            <input
              type="search"
              className="input"
              aria-label="Search subscriptions"
              placeholder="Search by repository, channel or event"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                listRef.current?.scrollToTop();
              }}
            />
          </div>
          <span className="muted">
            {visible.length} of {total}
          </span>
        </div>
      ) : null}
      {body}
      {editor ? (
        <SubscriptionEditor
          editing={editor.editing}
          onClose={() => setEditor(null)}
          onSaved={(saved) => {
            list.setData((subs) =>
              subs?.some((s) => s.id === saved.id)
                ? subs.map((s) => (s.id === saved.id ? saved : s))
                : [...(subs ?? []), saved],
            );
            const warning = saved.pattern?.warning ? ` ${saved.pattern.warning}` : '';
            const done = editor.editing ? `Saved ${saved.repo}` : `Subscribed to ${saved.repo}`;
            const problem = saved.channelProblems?.[0];
            setMessage({
              text: problem
                ? `${done}, but it cannot post yet: ${problem.problem} ${problem.fix}${warning}`
                : `${done}.${warning}`,
            });
            setEditor(null);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title={`Delete ${confirming ? subscriptionName(confirming, settings?.slack.defaultChannel ?? null) : ''}?`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) deletes.schedule(confirming);
          setConfirming(null);
          setMessage(null);
        }}
      >
        <p>
          Notifications for <strong>{confirming?.repo}</strong>
          {confirming && (confirming.channel ?? settings?.slack.defaultChannel) ? (
            <>
              {' '}
              in <strong>#{confirming.channel ?? settings?.slack.defaultChannel}</strong>
            </>
          ) : null}{' '}
          stop. You can undo this for a few seconds.
        </p>
      </ConfirmDialog>
      <ToastRegion>
        {deletes.pending ? (
          <Toast
            action={
              <button
                ref={undoRef}
                type="button"
                className="btn btn-small"
                onClick={() => {
                  const restored = deletes.pending;
                  deletes.undo();
                  restoreFocus.current = restored;
                }}
              >
                Undo
              </button>
            }
          >
            Deleted {subscriptionName(deletes.pending, settings?.slack.defaultChannel ?? null)}.
          </Toast>
        ) : message ? (
          <Toast
            action={
              <>
                {message.action ? (
                  <button type="button" className="btn btn-small" onClick={message.action.run}>
                    {message.action.label}
                  </button>
                ) : null}
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setMessage(null)}>
                  Dismiss
                </button>
              </>
            }
          >
            {message.text}
          </Toast>
        ) : null}
      </ToastRegion>
    </section>
  );
}
