import { useRef } from 'react';
import { useSettings } from '../../app/settings-context.js';
import { Icon } from '../../components/Icon.js';
import { Note } from '../../components/StateViews.js';
import { EventChips } from '../subscriptions/EventsField.js';
import { SubscriptionFields } from '../subscriptions/SubscriptionFields.js';
import { formFromSubscription, newForm, type SubscriptionForm } from '../subscriptions/subscription-form.js';
import { useFocusFirstProblem, useSubscriptionSave } from '../subscriptions/use-subscription-save.js';
import { TestDelivery } from './TestDelivery.js';
import type { WizardDraft } from './wizard-draft.js';
import { WizardNav } from './WizardNav.js';

type Draft = WizardDraft['subscribe'];

/** The first subscription, with the same fields as Subscriptions → Add (the rarer ones under "More options"). */
export function SubscribeStep({
  draft,
  update,
  back,
  goToForge,
  openFeed,
  finish,
}: {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  back: () => void;
  goToForge: () => void;
  openFeed: () => void;
  finish: () => void;
}) {
  const { settings } = useSettings();
  const accounts = settings?.accounts ?? [];
  const form = draft.form ?? newForm(accounts[0]?.id ?? '');
  const saver = useSubscriptionSave(draft.editing, settings);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, saver.attempt);

  if (accounts.length === 0) {
    return (
      <div className="wizard-step">
        <h2>Your first subscription</h2>
        <Note tone="info">A subscription needs a forge account to read the repository with. Add one first.</Note>
        <WizardNav onBack={back} onSkip={finish} skipLabel="Finish without one">
          <button type="button" className="btn btn-primary" onClick={goToForge}>
            Add a forge account
          </button>
        </WizardNav>
      </div>
    );
  }

  const created = draft.created;
  if (created) {
    const problem = created.channelProblems?.[0];
    return (
      <div className="wizard-step">
        <h2>Your first subscription</h2>
        {problem ? (
          <Note tone="warn">
            Subscribed {created.channel ? <>#{created.channel} </> : null}to <strong>{created.repo}</strong>, but it
            cannot post yet: <strong>{problem.problem}</strong> {problem.fix}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => update({ created: null, editing: created, form: formFromSubscription(created) })}
            >
              Choose another channel
            </button>
          </Note>
        ) : (
          <Note tone="ok">
            Subscribed{created.channel ? <> #{created.channel}</> : null} to <strong>{created.repo}</strong>. New
            activity from now on will be posted; history is not replayed.
          </Note>
        )}
        <EventChips events={created.events} channels={created.channels} />
        <h3>Send a test notification</h3>
        <p className="muted">
          A sample message goes through the whole path — feed, outbox, Slack — so you can see it arrive.
        </p>
        <TestDelivery
          subscription={created}
          onOpenFeed={openFeed}
          onChangeSubscription={() => update({ created: null, editing: created, form: formFromSubscription(created) })}
        />
        <WizardNav onBack={() => update({ created: null, form: { ...form, repo: '' } })}>
          <button type="button" className="btn btn-primary" onClick={finish}>
            Done
            <Icon name="check" />
          </button>
        </WizardNav>
      </div>
    );
  }

  const errors = saver.errorsFor(form);
  const set = <K extends keyof SubscriptionForm>(key: K, value: SubscriptionForm[K]) => {
    update({ form: { ...form, [key]: value } });
    saver.changed(key);
  };
  const subscribe = async () => {
    const saved = await saver.save(form);
    if (saved) update({ created: saved, editing: null });
  };

  return (
    <form
      ref={formRef}
      className="wizard-step"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void subscribe();
      }}
    >
      <h2>Your first subscription</h2>
      <p className="lead">
        Pick a repository and where its activity should go. Branches, labels and per-event channels are under “More
        options”, and can be changed later in Subscriptions.
      </p>
      <SubscriptionFields form={form} set={set} errors={errors} settings={settings} editing={draft.editing} compact />
      {saver.problem ? (
        <p className="note note-error save-problem" role="alert" tabIndex={-1}>
          <Icon name="alert" />
          <span className="note-text">{saver.problem}</span>
        </p>
      ) : null}
      <WizardNav onBack={back} onSkip={finish} skipLabel="Finish without one">
        <button type="submit" className="btn btn-primary" disabled={saver.saving}>
          {saver.saving ? 'Saving…' : draft.editing ? 'Save changes' : 'Subscribe'}
        </button>
      </WizardNav>
    </form>
  );
}
