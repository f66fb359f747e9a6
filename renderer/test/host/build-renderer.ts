// Builds the settings window exactly as shipped (same root, entry and React plugin as the renderer
// section of electron.vite.config.ts) into a temporary folder, for the browser tests to serve.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

export const RENDERER_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: RENDERER_ROOT,
    // Electron loads the window from file://, so asset URLs are relative, as electron-vite makes them.
    base: './',
    plugins: [react()],
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: false, minify: false },
  });
}
