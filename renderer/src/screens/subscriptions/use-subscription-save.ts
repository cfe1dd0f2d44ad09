import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { RedactedSettings, Subscription } from '../../../../electron/contract/schemas.js';
import { availableEvents } from '../../../../electron/contract/vocabulary/forges.js';
import { useApi } from '../../api/api-context.js';
import { describeError, fieldErrorsOf } from '../../api/api-error.js';
import { type FormErrors, formToInput, type SubscriptionForm, validateForm } from './subscription-form.js';

export interface SubscriptionSave {
  saving: boolean;
  /** Errors to show beside the fields of `form`: its own (once saving was tried) and the engine's answer. */
  errorsFor(form: SubscriptionForm): FormErrors & Record<string, string | undefined>;
  /** A problem that belongs to no field (the engine could not save), in a sentence; null otherwise. */
  problem: string | null;
  /** Bumped by each save that did not go through: the form then shows and focuses its first problem. */
  attempt: number;
  save(form: SubscriptionForm): Promise<Subscription | null>;
  /** The user changed a field: the engine's complaint about it no longer applies. */
  changed(key: string): void;
}

/**
 * Saving one subscription, the same from the wizard and from Subscriptions → Add/Edit: the form's checks first, then the
 * engine (which checks the repository and the channels), its answer shown beside the field it is about.
 */
export function useSubscriptionSave(editing: Subscription | null, settings: RedactedSettings | undefined) {
  const api = useApi();
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const webhookOnly = Boolean(settings && !settings.slack.botTokenSet && settings.slack.webhookUrlSet);
  const needsChannel = !webhookOnly && !settings?.slack.defaultChannel;

  const server = Object.fromEntries(
    Object.entries(fieldErrorsOf(error)).map(([path, message]) => [path.replace(/\[\d+\]$/, ''), message]),
  );

  const save = useCallback(
    async (form: SubscriptionForm): Promise<Subscription | null> => {
      setTried(true);
      if (Object.keys(validateForm(form, { needsChannel })).length > 0) {
        setAttempt((n) => n + 1);
        return null;
      }
      setSaving(true);
      setError(null);
      try {
        // Events the account's forge cannot produce are shown disabled and never sent (the defaults include some).
        const forge = settings?.accounts.find((a) => a.id === form.account)?.forge;
        const input = formToInput(forge ? { ...form, events: availableEvents(forge, form.events) } : form);
        return editing
          ? await api.call('subscriptions.update', { id: editing.id, patch: input })
          : await api.call('subscriptions.add', input);
      } catch (err) {
        setError(err);
        setAttempt((n) => n + 1);
        return null;
      } finally {
        setSaving(false);
      }
    },
    [api, editing, needsChannel, settings],
  );

  const changed = (key: string) => {
    if (key in server || key === 'account') setError(null);
  };

  return {
    saving,
    errorsFor: (form: SubscriptionForm) => ({ ...server, ...(tried ? validateForm(form, { needsChannel }) : {}) }),
    problem: error
      ? Object.keys(server).length > 0
        ? 'Could not save: see the highlighted field.'
        : `Could not save: ${describeError(error)}`
      : null,
    attempt,
    save,
    changed,
  } satisfies SubscriptionSave;
}

/**
 * After a save that did not go through, the user is taken to the problem: the first field marked invalid gets the
 * focus (and is scrolled into view in a scrolled dialog); with no such field, the sentence saying what went wrong.
 */
export function useFocusFirstProblem(root: RefObject<HTMLElement | null>, attempt: number): void {
  useEffect(() => {
    if (attempt === 0) return;
    const el = root.current;
    if (!el) return;
    const invalid = el.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target =
      invalid && invalid.tagName === 'FIELDSET'
        ? invalid.querySelector<HTMLElement>('input:not([disabled]), select, textarea')
        : (invalid ?? el.querySelector<HTMLElement>('.save-problem'));
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }, [root, attempt]);
}
