import { useEffect, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.js';
import { Field } from '../../components/Field.js';
import { SecretInput } from '../../components/SecretInput.js';
import { slackTokenShapeProblem, type SlackField } from './slack-token-shape.js';
import { useVerify } from './use-verify.js';
import { VerifyStatus } from './VerifyStatus.js';

/** One Slack credential, checked the moment it is pasted: shape first (instant), then `slack.verify`. */
export function SlackTokenField({
  field,
  label,
  hint,
  value,
  onChange,
  saved,
  optional,
  placeholder,
  apiUrl,
  onVerdict,
}: {
  field: SlackField;
  label: string;
  hint: ReactNode;
  value: string;
  onChange: (value: string) => void;
  saved: boolean;
  optional?: boolean;
  placeholder: string;
  /** The Slack API base the engine will use: a change re-runs the check. */
  apiUrl: string;
  /** What the live check says about the value: true (works), false (failed), null (nothing checked yet). */
  onVerdict?: (ok: boolean | null) => void;
}) {
  const api = useApi();
  const trimmed = value.trim();
  const problem = slackTokenShapeProblem(field, trimmed);
  const key = trimmed && !problem ? `${field}\u0000${trimmed}\u0000${apiUrl}` : null;
  const params =
    field === 'bot' ? { botToken: trimmed } : field === 'app' ? { appToken: trimmed } : { webhookUrl: trimmed };
  const { state } = useVerify(key, () => api.call('slack.verify', params));
  const verdict = problem ? false : state.kind === 'done' ? state.result.ok : state.kind === 'error' ? false : null;
  useEffect(() => onVerdict?.(verdict), [verdict, onVerdict]);
  return (
    <div className="token-field">
      <Field label={label} optional={optional} hint={hint}>
        {(control) => (
          <SecretInput
            control={control}
            value={value}
            onChange={onChange}
            placeholder={saved ? 'Saved — paste a new one to replace it' : placeholder}
          />
        )}
      </Field>
      <VerifyStatus
        state={state}
        shapeProblem={problem}
        checkingText={
          field === 'webhook'
            ? 'Checking the webhook…'
            : field === 'app'
              ? 'Checking the token and opening a Socket Mode connection…'
              : 'Checking the token with Slack (auth.test, scopes)…'
        }
      />
    </div>
  );
}
