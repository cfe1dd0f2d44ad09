import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context.js';
import { connectToHost } from './api/connect.js';
import { App } from './app/App.js';
import { applyTheme, rememberedTheme } from './app/theme.js';
import { TokenRequired } from './app/TokenRequired.js';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

applyTheme(rememberedTheme());
const connection = connectToHost(window);

createRoot(container).render(
  <StrictMode>
    {connection.kind === 'no-token' ? (
      <TokenRequired refused={false} />
    ) : (
      <ApiProvider client={connection.client} host={connection.host}>
        <App />
      </ApiProvider>
    )}
  </StrictMode>,
);
