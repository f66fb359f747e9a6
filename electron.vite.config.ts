// Three builds, as electron-vite lays them out: main (Node + Electron), preload (sandboxed, so
// CommonJS) and renderer (browser). The CLI, which runs on plain Node, is built apart by
// scripts/build-cli.ts with its own (older) Node target.
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// What Electron 45 runs: Node 24 (its own package pins @types/node ^24) and Chromium 152 or later.
// electron-vite 6 knows Electron only up to 44 and silently falls back to 44's targets; naming them
// here keeps the output honest when Electron moves again (raise these with the `electron` range).
const ELECTRON_NODE_TARGET = 'node24';
const ELECTRON_CHROME_TARGET = 'chrome152';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      target: ELECTRON_NODE_TARGET,
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron`: bundle its dependencies (zod, via the
      // contract's channel lists) into the one file.
      externalizeDeps: false,
      target: ELECTRON_NODE_TARGET,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      target: ELECTRON_CHROME_TARGET,
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
