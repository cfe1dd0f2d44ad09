import { useConnection } from '../api/api-context.js';
import { SettingsProvider } from './settings-context.js';
import { Shell } from './Shell.js';
import { StatusProvider } from './status-context.js';
import { TokenRequired } from './TokenRequired.js';

export function App() {
  const { state } = useConnection();
  if (state === 'unauthorized') return <TokenRequired refused />;
  return (
    <StatusProvider>
      <SettingsProvider>
        <Shell />
      </SettingsProvider>
    </StatusProvider>
  );
}
