// The `app://meisai/` scheme the settings window is served from, and the session rules around it: the
// scheme is registered as privileged before `ready` (a standard, secure origin of its own, so 'self'
// in the CSP means our files alone), files are served only from the built renderer with the CSP as a
// header, and the window is granted no permission at all. What may be served and the policy itself
// are pure decisions in window-security.ts.
import { readFile } from 'node:fs/promises';
import type { ElectronLike, SessionLike } from './electron-like';
import { APP_SCHEME, mimeTypeOf, resolveAppFile } from './window-security';

/** Before `ready`: Electron accepts privileged schemes only then. */
export function registerAppScheme(protocol: ElectronLike['protocol']): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export interface AppProtocolOptions {
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly csp: string;
}

/** The handler behind `app://`: a file of the built renderer with the CSP, or 404 — never a path outside it. */
function appProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(request.url, options.rendererDir);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        headers: { 'content-type': mimeTypeOf(file), 'content-security-policy': options.csp, 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

/** After `ready`: serve `app://`, refuse every permission, and send the CSP with anything not served by us (the dev server). */
export function serveAppProtocol(protocol: ElectronLike['protocol'], session: SessionLike, options: AppProtocolOptions): void {
  // The window asks for nothing (camera, notifications API, geolocation…): refuse all.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [options.csp] } });
  });
  protocol.handle(APP_SCHEME, appProtocolHandler(options));
}
