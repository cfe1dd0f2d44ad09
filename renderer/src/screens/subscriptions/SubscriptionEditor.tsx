import { useId, useRef, useState } from 'react';
import type { Subscription } from '../../../../electron/contract/schemas.js';
import { useSettings } from '../../app/settings-context.js';
import { Dialog } from '../../components/Dialog.js';
import { Icon } from '../../components/Icon.js';
import { SubscriptionFields } from './SubscriptionFields.js';
import { formFromSubscription, newForm, type SubscriptionForm } from './subscription-form.js';
import { useFocusFirstProblem, useSubscriptionSave } from './use-subscription-save.js';

/**
 * Add or edit one subscription in a dialog: the shared subscription fields, validated as you type; a save that does
 * not go through takes you to the problem. Mount it only while open (its state starts from `editing` each time).
 */
export function SubscriptionEditor({
  editing,
  onClose,
  onSaved,
}: {
  editing: Subscription | null;
  onClose: () => void;
  onSaved: (sub: Subscription) => void;
}) {
  const id = useId();
  const { settings } = useSettings();
  const [form, setForm] = useState<SubscriptionForm>(() =>
    editing ? formFromSubscription(editing) : newForm(settings?.accounts[0]?.id ?? ''),
  );
  const saver = useSubscriptionSave(editing, settings);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, saver.attempt);
  const errors = saver.errorsFor(form);
  const invalid = Object.values(errors).some(Boolean);
  const set = <K extends keyof SubscriptionForm>(key: K, value: SubscriptionForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    saver.changed(key);
  };

  return (
    <Dialog
      open
      wide
      title={
        editing
          ? `Edit ${editing.repo} → #${editing.channel ?? settings?.slack.defaultChannel ?? 'default'}`
          : 'Add a subscription'
      }
      onClose={onClose}
      footer={
        <>
          {saver.attempt > 0 && invalid ? (
            <span className="tone-error footer-note" role="alert">
              <Icon name="alert" /> Fix the highlighted fields first.
            </span>
          ) : null}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" disabled={saver.saving}>
            {saver.saving ? 'Saving…' : editing ? 'Save changes' : 'Add subscription'}
          </button>
        </>
      }
    >
      <form
        ref={formRef}
        id={`${id}-form`}
        className="editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saver.save(form).then((saved) => saved && onSaved(saved));
        }}
      >
        {saver.problem ? (
          <p className="note note-error save-problem" role="alert" tabIndex={-1}>
            <Icon name="alert" />
            <span className="note-text">{saver.problem}</span>
          </p>
        ) : null}
        <SubscriptionFields form={form} set={set} errors={errors} settings={settings} editing={editing} />
      </form>
    </Dialog>
  );
}
