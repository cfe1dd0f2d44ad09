import { useEffect, useMemo, useRef, useState } from 'react';
import type { DigestPreview, DigestView } from '../../../../electron/contract/schemas.js';
import { WEEKDAYS } from '../../../../electron/contract/vocabulary/people.js';
import { useApi } from '../../api/api-context.js';
import { describeError, fieldErrorsOf } from '../../api/api-error.js';
import { useSettings } from '../../app/settings-context.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { ErrorNote, Loading, Note } from '../../components/StateViews.js';
import { Checkbox } from '../../components/Switch.js';
import { useSlackNames } from '../../data/use-slack-names.js';
import { useSlackChannels } from '../../data/use-slack-channels.js';
import { browserTimeZone } from '../people/person-form.js';
import {
  DAY_LABELS,
  formFromDigest,
  formToDigest,
  newDigestForm,
  type DigestForm,
  validateDigest,
} from './digest-form.js';
import { SlackPreview } from './SlackPreview.js';

const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** Server problems come as `repos.3`; the form shows them on the repositories field. */
function serverErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(error))) {
    const field = path.replace(/^digest\./, '').split('.')[0] ?? path;
    out[field] = out[field] ? `${out[field]} ${message}` : message;
  }
  return out;
}

/** Add or edit one channel digest, with a preview of the draft exactly as it would post now. */
export function DigestEditor({
  editing,
  onClose,
  onSaved,
}: {
  editing: DigestView | null;
  onClose: () => void;
  onSaved: (digest: DigestView) => void;
}) {
  const api = useApi();
  const names = useSlackNames();
  const { settings } = useSettings();
  const accounts = useMemo(() => (settings?.accounts ?? []).map((a) => a.id), [settings]);
  const channels = useSlackChannels();
  const [form, setForm] = useState<DigestForm>(() =>
    editing ? formFromDigest(editing.digest) : newDigestForm(browserTimeZone(), settings?.slack.defaultChannel ?? ''),
  );
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [preview, setPreview] = useState<{
    loading: boolean;
    data: DigestPreview | null;
    error: unknown;
    of: string;
  } | null>(null);
  const errors = validateDigest(form, accounts);
  const shown: Record<string, string | undefined> = { ...serverErrors(saveError), ...(touched ? errors : {}) };
  // A change answers the engine's last objection: its message goes until the next save says otherwise.
  const set = <K extends keyof DigestForm>(key: K, value: DigestForm[K]) => {
    setSaveError(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const previewRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (preview?.data || preview?.error) previewRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [preview]);
  const ids = useMemo(() => {
    const n = Math.random().toString(36).slice(2);
    return { tz: `digest-tz-${n}`, channels: `digest-channels-${n}` };
  }, []);

  const save = () => {
    setTouched(true);
    if (Object.keys(validateDigest(form, accounts)).length > 0) return;
    setSaving(true);
    setSaveError(null);
    api
      .call('digests.save', { previous: editing?.key ?? null, digest: formToDigest(form) })
      .then(onSaved)
      .catch((err: unknown) => setSaveError(err))
      .finally(() => setSaving(false));
  };
  const showPreview = () => {
    setTouched(true);
    if (Object.keys(validateDigest(form, accounts)).length > 0) return;
    const digest = formToDigest(form);
    const of = JSON.stringify(digest);
    setPreview({ loading: true, data: null, error: null, of });
    api
      .call('digests.preview', { digest })
      .then((data) => setPreview({ loading: false, data, error: null, of }))
      .catch((error: unknown) => setPreview({ loading: false, data: null, error, of }));
  };

  return (
    <Dialog
      open
      wide
      title={editing ? `Edit the digest for #${editing.digest.channel}` : 'Add a digest'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={showPreview} disabled={preview?.loading}>
            {preview?.loading ? 'Reading the queue…' : 'Preview'}
          </button>
          <span className="footer-note" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="digest-form" className="btn btn-primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save' : 'Add digest'}
          </button>
        </>
      }
    >
      <form
        id="digest-form"
        className="digest-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {saveError && Object.keys(serverErrors(saveError)).length === 0 ? (
          <div role="alert">
            <Note tone="error">Could not save: {describeError(saveError)}</Note>
          </div>
        ) : null}
        <Field
          label="Channel"
          error={shown.channel}
          hint={channels.data?.error ?? 'The channel it posts in (the bot must be a member). Without "#".'}
        >
          {(control) => (
            <>
              <input
                className="input"
                {...control}
                list={ids.channels}
                autoComplete="off"
                placeholder="eng-reviews"
                value={form.channel}
                onChange={(e) => set('channel', e.target.value)}
              />
              <datalist id={ids.channels}>
                {(channels.data?.channels ?? []).map((c) => (
                  <option key={c.id} value={c.name} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <div className="form-grid">
          <Field label="Time" error={shown.at} hint="Local time in the time zone below.">
            {(control) => (
              <input
                className="input"
                type="time"
                {...control}
                value={form.at}
                onChange={(e) => set('at', e.target.value)}
              />
            )}
          </Field>
          <Field label="Time zone" error={shown.timeZone} hint="An IANA name, such as Europe/Berlin (DST included).">
            {(control) => (
              <>
                <input
                  className="input"
                  {...control}
                  list={ids.tz}
                  autoComplete="off"
                  value={form.timeZone}
                  onChange={(e) => set('timeZone', e.target.value)}
                />
                <datalist id={ids.tz}>
                  {TIME_ZONES.map((tz) => (
                    <option key={tz} value={tz} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
        </div>
        <fieldset className="digest-days" aria-describedby={shown.days ? 'digest-days-error' : undefined}>
          <legend className="field-label">Days</legend>
          <div className="digest-day-list">
            {WEEKDAYS.map((day) => (
              <Checkbox
                key={day}
                label={DAY_LABELS[day]}
                checked={form.days.includes(day)}
                onChange={(on) => set('days', on ? [...form.days, day] : form.days.filter((d) => d !== day))}
              />
            ))}
          </div>
          {shown.days ? (
            <div className="field-error" id="digest-days-error">
              {shown.days}
            </div>
          ) : null}
        </fieldset>
        <Field
          label="Repositories"
          optional
          error={shown.repos}
          hint={
            <>
              One a line as <code>&lt;account&gt;:&lt;path&gt;</code>, patterns too (<code>github:octo-org/*</code>,{' '}
              <code>gitlab:group/**</code>: the repositories of subscriptions they match). Empty: the repositories this
              channel is subscribed to. Accounts: {accounts.join(', ') || 'none yet'}.
            </>
          }
        >
          {(control) => (
            <textarea
              className="input digest-repos"
              {...control}
              rows={4}
              spellCheck={false}
              placeholder={`${accounts[0] ?? 'github'}:octo-org/api`}
              value={form.repos}
              onChange={(e) => set('repos', e.target.value)}
            />
          )}
        </Field>
        <div className="form-grid">
          <Field
            label="Stale after (working days)"
            error={shown.staleAfterDays}
            hint="Marked stale when nothing happened for this long; weekends do not count."
          >
            {(control) => (
              <input
                className="input"
                type="number"
                min={1}
                step={1}
                {...control}
                value={form.staleAfterDays}
                onChange={(e) => set('staleAfterDays', e.target.value)}
              />
            )}
          </Field>
          <Checkbox
            label="Leave drafts out"
            checked={form.ignoreDrafts}
            onChange={(v) => set('ignoreDrafts', v)}
            hint="Draft pull/merge requests are not listed."
          />
        </div>
      </form>
      {preview ? (
        <section ref={previewRef} className="digest-preview" aria-label="Preview">
          <h3>Preview (as it would post now)</h3>
          {preview.data && preview.of !== JSON.stringify(formToDigest(form)) ? (
            <Note tone="info">The form changed since this preview: press Preview again to see the change.</Note>
          ) : null}
          {preview.loading ? <Loading>Reading the review queue…</Loading> : null}
          {preview.error ? <ErrorNote title="Could not preview." error={preview.error} onRetry={showPreview} /> : null}
          {preview.data ? <SlackPreview preview={preview.data} names={names} /> : null}
        </section>
      ) : null}
    </Dialog>
  );
}
