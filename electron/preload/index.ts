// The settings window's only door to main: `window.api` (MeisaiApi in shared/ipc/contract.ts), built
// from the contract's channel lists by build-api.ts. Runs sandboxed, so it is bundled to CommonJS
// with its dependencies inlined (electron.vite.config.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './build-api';

contextBridge.exposeInMainWorld('api', buildApi(ipcRenderer));
