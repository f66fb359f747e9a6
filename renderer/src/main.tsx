// Entry of the settings window: builds the stores around window.api and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app';
import { windowApi } from './bridge';
import { StoresContext, createStores } from './stores/stores-context';
import './styles.css';

// The CSP forbids eval; tell zod not to probe for it (its probe would log a CSP violation).
z.config({ jitless: true });

const stores = createStores(windowApi());
const root = document.getElementById('root');
if (root === null) throw new Error('#root がありません。');
createRoot(root).render(
  <StrictMode>
    <StoresContext.Provider value={stores}>
      <App stores={stores} />
    </StoresContext.Provider>
  </StrictMode>,
);
