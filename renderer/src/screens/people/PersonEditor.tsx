import { useMemo, useState } from 'react';
import type { PersonView } from '../../../../electron/contract/schemas.js';
import { NOTIFY_REASONS, REASON_LABELS } from '../../../../electron/contract/vocabulary/people.js';
import { useApi } from '../../api/api-context.js';
import { describeError, fieldErrorsOf } from '../../api/api-error.js';
import { useRemote } from '../../api/use-remote.js';
import { useSettings } from '../../app/settings-context.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { Note } from '../../components/StateViews.js';
import { Checkbox } from '../../components/Switch.js';
import { LoginField } from './LoginField.js';
import {
  browserTimeZone,
  formFromPerson,
  formToPersonInput,
  newPersonForm,
  type PersonForm,
  validatePerson,
} from './person-form.js';

const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** Add or edit one person: Slack user, login per account (with the forge's search), DMs, time zone, quiet hours. */
export function PersonEditor({
  editing,
  onClose,
  onSaved,
}: {
  editing: PersonView | null;
  onClose: () => void;
  onSaved: (person: PersonView) => void;
}) {
  const api = useApi();
  const { settings } = useSettings();
  const accounts = settings?.accounts ?? [];
  const [form, setForm] = useState<PersonForm>(() =>
    editing
      ? formFromPerson(editing)
      : newPersonForm(
          accounts.map((a) => a.id),
          '',
          browserTimeZone(),
        ),
  );
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const slackUsers = useRemote(() => api.call('people.slackUsers', {}), [api]);
  const errors = validatePerson(form);
  const server = fieldErrorsOf(saveError);
  const shown: Record<string, string | undefined> = { ...server, ...(touched ? errors : {}) };
  const set = <K extends keyof PersonForm>(key: K, value: PersonForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const users = slackUsers.data?.users ?? [];
  const chosen = users.find((u) => u.id === form.slack.trim());
  const tzListId = useMemo(() => `tz-${Math.random().toString(36).slice(2)}`, []);

  const save = () => {
    setTouched(true);
    if (Object.keys(validatePerson(form)).length > 0) return;
    setSaving(true);
    setSaveError(null);
    api
      .call('people.save', formToPersonInput(form))
      .then(onSaved)
      .catch((err: unknown) => setSaveError(err))
      .finally(() => setSaving(false));
  };

  return (
    <Dialog
      open
      wide
      title={editing ? `Edit ${editing.name ?? editing.slack}` : 'Add a person'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="person-form" className="btn btn-primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save' : 'Add person'}
          </button>
        </>
      }
    >
      <form
        id="person-form"
        className="person-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {saveError && Object.keys(server).length === 0 ? (
          <div role="alert">
            <Note tone="error">Could not save: {describeError(saveError)}</Note>
          </div>
        ) : null}
        <Field
          label="Slack user"
          error={shown.slack}
          hint={
            slackUsers.data?.error ??
            (chosen
              ? `${chosen.realName ?? chosen.name} · ${chosen.tz ?? 'no time zone set'}`
              : 'Pick from the list, or paste a member ID (U…).')
          }
        >
          {(control) => (
            <>
              <input
                className="input"
                {...control}
                list="slack-users"
                autoComplete="off"
                placeholder="U0123ABCD"
                value={form.slack}
                onChange={(e) => {
                  const value = e.target.value;
                  const match = users.find((u) => u.id === value.trim());
                  setForm((f) => ({
                    ...f,
                    slack: value,
                    ...(match?.tz && !editing ? { timeZone: match.tz } : {}),
                  }));
                }}
              />
              <datalist id="slack-users">
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.realName ? `${u.realName} (@${u.name})` : `@${u.name}`}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </Field>

        <fieldset className="logins-field">
          <legend className="field-label">Logins</legend>
          <p className="field-hint">
            Who they are on each forge account: their cards mention them, and their reviews, mentions and assignments
            reach them as DMs.
          </p>
          {accounts.map((a) => (
            <LoginField
              key={a.id}
              account={a.id}
              forge={a.forge}
              value={form.logins[a.id] ?? ''}
              onChange={(login) => set('logins', { ...form.logins, [a.id]: login })}
              error={shown[`accounts.${a.id}`]}
              problem={editing?.accounts.find((x) => x.account === a.id)?.loginProblem ?? null}
            />
          ))}
        </fieldset>

        <fieldset className="notify-field">
          <legend className="field-label">DM them when</legend>
          {NOTIFY_REASONS.map((reason) => (
            <Checkbox
              key={reason}
              label={REASON_LABELS[reason]}
              checked={form.notify.includes(reason)}
              onChange={(on) => set('notify', on ? [...form.notify, reason] : form.notify.filter((r) => r !== reason))}
            />
          ))}
        </fieldset>

        <Field
          label="Time zone"
          error={shown.timeZone}
          hint="An IANA name, such as Europe/Berlin: quiet hours follow it, DST included."
        >
          {(control) => (
            <>
              <input
                className="input"
                {...control}
                list={tzListId}
                autoComplete="off"
                value={form.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
              />
              <datalist id={tzListId}>
                {TIME_ZONES.map((tz) => (
                  <option key={tz} value={tz} />
                ))}
              </datalist>
            </>
          )}
        </Field>

        <fieldset className="quiet-field">
          <legend className="field-label">Quiet hours</legend>
          <p className="field-hint">
            DMs that come in between are held and sent as one summary when quiet hours end. Leave both empty for none.
          </p>
          <div className="form-grid">
            <Field label="Quiet from" optional>
              {(control) => (
                <input
                  className="input"
                  type="time"
                  {...control}
                  value={form.quietFrom}
                  onChange={(e) => set('quietFrom', e.target.value)}
                />
              )}
            </Field>
            <Field label="Quiet until" optional error={shown.quiet}>
              {(control) => (
                <input
                  className="input"
                  type="time"
                  {...control}
                  value={form.quietTo}
                  onChange={(e) => set('quietTo', e.target.value)}
                />
              )}
            </Field>
          </div>
          <Checkbox
            label="Saturdays and Sundays are quiet too"
            checked={form.weekends}
            onChange={(v) => set('weekends', v)}
          />
        </fieldset>
      </form>
    </Dialog>
  );
}
