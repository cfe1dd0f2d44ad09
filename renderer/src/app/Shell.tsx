import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useConnection } from '../api/api-context.js';
import { ConfirmDialog } from '../components/Dialog.js';
import { Loading, ErrorNote } from '../components/StateViews.js';
import { DigestsScreen } from '../screens/digests/DigestsScreen.js';
import { DiagnosticsScreen } from '../screens/diagnostics/DiagnosticsScreen.js';
import { FeedScreen } from '../screens/feed/FeedScreen.js';
import { PeopleScreen } from '../screens/people/PeopleScreen.js';
import { SettingsScreen } from '../screens/settings/SettingsScreen.js';
import { SetupWizard } from '../screens/setup/SetupWizard.js';
import type { WizardDraft } from '../screens/setup/wizard-draft.js';
import { SubscriptionsScreen } from '../screens/subscriptions/SubscriptionsScreen.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { LeaveGuardProvider } from './leave-guard.js';
import { parseRoute, type Route } from './route.js';
import { useSettings } from './settings-context.js';
import { Sidebar } from './Sidebar.js';
import { startRoute } from './start-screen.js';
import { StatusBar } from './StatusBar.js';
import { useRoute } from './use-route.js';

function ScreenFor({
  route,
  navigate,
  wizard,
}: {
  route: Route;
  navigate: (route: Route) => void;
  wizard: { kept: WizardDraft | null; keep: (draft: WizardDraft) => void };
}) {
  switch (route.screen) {
    case 'setup':
      return (
        <SetupWizard step={route.step} forge={route.forge} navigate={navigate} kept={wizard.kept} keep={wizard.keep} />
      );
    case 'subscriptions':
      return <SubscriptionsScreen navigate={navigate} />;
    case 'people':
      return <PeopleScreen />;
    case 'digests':
      return <DigestsScreen />;
    case 'feed':
      return <FeedScreen />;
    case 'diagnostics':
      return <DiagnosticsScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** Sidebar, status bar and the current screen. Focus moves to the screen after navigation. */
export function Shell() {
  const { host } = useConnection();
  // What the current screen would lose if left now (unsaved Settings), and where the user asked to go meanwhile.
  const [leaveMessage, setLeaveMessage] = useState<string | null>(null);
  const leaveRef = useRef<string | null>(null);
  const setLeaveGuard = useCallback((message: string | null) => {
    leaveRef.current = message;
    setLeaveMessage(message);
  }, []);
  const [leavingFor, setLeavingFor] = useState<Route | null>(null);
  const hold = useCallback((next: Route, current: Route | null) => {
    if (!leaveRef.current || !current || next.screen === current.screen) return false;
    setLeavingFor(next);
    return true;
  }, []);
  const { route, navigate } = useRoute(hold);
  const { settings, error, reload } = useSettings();
  const mainRef = useRef<HTMLElement>(null);
  const previous = useRef<string | null>(null);
  // The wizard's typing survives a visit to another screen (secrets excepted), for as long as the app is open.
  const [keptDraft, setKeptDraft] = useState<WizardDraft | null>(null);
  const wizard = useMemo(() => ({ kept: keptDraft, keep: setKeptDraft }), [keptDraft]);

  useEffect(() => {
    // A hash set while settings were loading wins over the start screen.
    if (!route && settings) navigate(parseRoute(window.location.hash) ?? startRoute(settings), { replace: true });
  }, [route, settings, navigate]);

  const key = route ? `${route.screen}/${route.step}/${route.forge ?? ''}` : null;
  useEffect(() => {
    if (key && previous.current && previous.current !== key) mainRef.current?.focus({ preventScroll: true });
    previous.current = key;
  }, [key]);

  let content;
  if (route)
    content = (
      <LeaveGuardProvider value={setLeaveGuard}>
        <ScreenFor route={route} navigate={navigate} wizard={wizard} />
      </LeaveGuardProvider>
    );
  else if (error) content = <ErrorNote title="Could not load Forgebell’s settings." error={error} onRetry={reload} />;
  else content = <Loading>Loading Forgebell…</Loading>;

  return (
    <div className="app">
      <button
        type="button"
        className="skip-link"
        onClick={() => {
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </button>
      <Sidebar current={route?.screen ?? null} navigate={navigate} host={host} />
      <div className="main-col">
        <StatusBar navigate={navigate} />
        <ConnectionBanner />
        <main className="main" ref={mainRef} tabIndex={-1} aria-label={route ? undefined : 'Loading'}>
          {content}
        </main>
        <ConfirmDialog
          open={leavingFor !== null}
          title="Leave without saving?"
          confirmLabel="Discard changes and leave"
          cancelLabel="Stay"
          onCancel={() => setLeavingFor(null)}
          onConfirm={() => {
            const target = leavingFor;
            setLeavingFor(null);
            setLeaveGuard(null);
            if (target) navigate(target, { force: true });
          }}
        >
          <p>{leaveMessage}</p>
        </ConfirmDialog>
      </div>
    </div>
  );
}
