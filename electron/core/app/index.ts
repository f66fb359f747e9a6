// The main-side service behind the IPC contract (Electron-free): what the Electron main wires to
// ipcMain and the tray, and what the settings-window tests host in plain Node.
export { createAppService, APP_ERRORS, type AppCommands, type AppService, type AppServiceDeps, type StartOptions } from './app-service';
export { createDispatch, isInvokeChannel, IPC_ERRORS, type Dispatch } from './dispatch';
export { createEventHub, type EventHub, type AnyEventListener } from './event-hub';
export { chooseProxy, parseProxyAnswer, type ProxyChoice, type ResolveProxy } from '../engine/proxy';
export { systemCaCertificates } from '../engine/trusted-certificates';
export { testConnection } from './connection-test';
