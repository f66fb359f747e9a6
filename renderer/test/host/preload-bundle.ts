// The preload's window.api, bundled for a browser page from the very module the packaged preload runs
// (electron/preload/build-api.ts), so the browser tests exercise its channel whitelist instead of a
// copy of it. Vite (already the renderer's builder) bundles it with its imports inlined, as
// electron-vite does for out/preload/index.cjs; only Electron's ipcRenderer is left for the page to
// provide.
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

export const BUILD_API_ENTRY = fileURLToPath(new URL('../../../electron/preload/build-api.ts', import.meta.url));

/** The global the bundle assigns (inside the page script's own function scope, so it leaks nowhere). */
export const PRELOAD_GLOBAL = '__meisaiPreload';

let bundled: Promise<string> | null = null;

/** Plain script text that defines `var __meisaiPreload = { buildApi }`. Built once per test process. */
export function preloadBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = await build({
      configFile: false,
      logLevel: 'error',
      build: {
        write: false,
        minify: false,
        sourcemap: false,
        lib: { entry: BUILD_API_ENTRY, formats: ['iife'], name: PRELOAD_GLOBAL },
      },
    });
    const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
    const chunk = outputs.flatMap((o) => o.output).find((o): o is Rolldown.OutputChunk => o.type === 'chunk');
    if (!chunk) throw new Error('the preload bundle produced no script');
    return chunk.code;
  })();
  return bundled;
}
