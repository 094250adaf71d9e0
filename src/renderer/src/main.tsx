// The shared sheets come first, so a feature's module wins a tie against a primitive it refines.
import './styles/tokens.css';
import './styles/base.css';
import './styles/primitives.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '@shared/api-client';
import type { Bridge } from '@shared/contract';
import { App } from './app/App';
import { createAppStore, StoreContext } from './store';
import { createBrowserBridge } from './transport/browser-bridge';

declare global {
  interface Window {
    bridge?: Bridge;
  }
}

const TOKEN_KEY = 'hoster-token';

/** The desktop app gets `window.bridge` from the preload; browser mode reaches the host with the URL's token. */
function pickBridge(): Bridge {
  if (window.bridge) return window.bridge;
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  }
  return createBrowserBridge(window.location.origin, fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '');
}

const api = createApiClient(pickBridge());
const store = createAppStore(api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={{ store, api }}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
