// Entry of the settings window: builds the stores around window.api and mounts the app.
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { windowApi } from './bridge';
import { StoresContext, createStores } from './stores/stores-context';
import './styles.css';

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
