import { PEOPLE_WORD } from '../../../../electron/contract/vocabulary/people.js';
import { Field } from '../../components/Field.js';
import { Checkbox } from '../../components/Switch.js';
import type { FormErrors, SubscriptionForm } from './subscription-form.js';

/**
 * Who a subscription hears about (docs/cli-and-config.md §4 "Actors"): bots on or off, logins or globs to leave out,
 * and — when set — the only ones to post; "@people" stands for every person's login on the account. Plus whether cards
 * name people as Slack mentions.
 */
export function ActorsField({
  form,
  set,
  error,
}: {
  form: Pick<SubscriptionForm, 'actorsBots' | 'actorsExclude' | 'actorsOnly' | 'mentions'>;
  set: <K extends 'actorsBots' | 'actorsExclude' | 'actorsOnly' | 'mentions'>(
    key: K,
    value: SubscriptionForm[K],
  ) => void;
  error: FormErrors['actors'];
}) {
  return (
    <fieldset className="actors-field">
      <legend className="field-label">People and bots</legend>
      <p className="field-hint">
        Whose activity is posted. Logins or globs (<code>renovate*</code>), comma-separated, any case. Personal DMs are
        decided on their own.
      </p>
      <Checkbox
        label="Post what bots do"
        hint="GitHub apps ([bot]) and GitLab project or group access-token bots."
        checked={form.actorsBots}
        onChange={(v) => set('actorsBots', v)}
      />
      <div className="form-grid">
        <Field label="Never by" optional error={error}>
          {(control) => (
            <input
              className="input"
              {...control}
              placeholder="dependabot[bot], renovate*"
              value={form.actorsExclude}
              onChange={(e) => set('actorsExclude', e.target.value)}
            />
          )}
        </Field>
        <Field label="Only by" optional hint={`${PEOPLE_WORD}: everyone on the People screen.`}>
          {(control) => (
            <input
              className="input"
              {...control}
              placeholder={`${PEOPLE_WORD}, alice`}
              value={form.actorsOnly}
              onChange={(e) => set('actorsOnly', e.target.value)}
            />
          )}
        </Field>
      </div>
      <Checkbox
        label="Mention people in Slack"
        hint="Authors, reviewers and assignees who are on the People screen appear as @-mentions."
        checked={form.mentions}
        onChange={(v) => set('mentions', v)}
      />
    </fieldset>
  );
}
