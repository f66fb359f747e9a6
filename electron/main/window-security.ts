// The settings window's security decisions as pure functions: the Content-Security-Policy, where the
// window may navigate (nowhere but its own page), which links leave for the browser (https only),
// and how `app://` URLs map to files of the built renderer (never outside it).
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The renderer is served from a privileged custom scheme rather than file://, so 'self' means it alone. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'meisai';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface CspOptions {
  /** electron-vite's dev server (e.g. `http://localhost:5173`): its scripts and HMR socket. Dev only. */
  readonly devServer?: string;
}

/**
 * No remote anything: the window talks to main only over IPC, so it needs no network at all.
 * React sets styles through the CSSOM, which CSP does not restrict, so no 'unsafe-inline' either.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServer ? new URL(options.devServer) : null;
  const devOrigin = dev ? dev.origin : '';
  const devWs = dev ? `ws://${dev.host}` : '';
  const list = (...sources: string[]) => sources.filter((s) => s !== '').join(' ');
  return [
    `default-src 'none'`,
    `script-src ${list(`'self'`, devOrigin)}`,
    // Vite's dev server injects <style> tags; the built app has only its CSS files.
    `style-src ${list(`'self'`, devOrigin, dev ? `'unsafe-inline'` : '')}`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src ${list(`'self'`, devOrigin, devWs) || `'none'`}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-src 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes give origin "null" in WHATWG URL: build it ourselves.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isOwnPage(url: string, ownOrigin: string): boolean {
  return originOf(url) === ownOrigin;
}

/** Only https links leave the app, and only to the default browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export type NavigationDecision = { readonly allow: true } | { readonly allow: false; readonly openExternal: string | null };

/** will-navigate: reloads of our own page are fine; anything else is stopped, https links go to the browser. */
export function decideNavigation(url: string, ownOrigin: string): NavigationDecision {
  if (isOwnPage(url, ownOrigin)) return { allow: true };
  return { allow: false, openExternal: isExternalLinkAllowed(url) ? url : null };
}

/** window.open / target=_blank: never a new Electron window. */
export function decideWindowOpen(url: string): { readonly action: 'deny'; readonly openExternal: string | null } {
  return { action: 'deny', openExternal: isExternalLinkAllowed(url) ? url : null };
}

/**
 * Maps `app://meisai/<path>` to a file under `rootDir` (the built renderer), or null for anything that
 * would leave it (`..`, encoded separators, another host).
 */
export function resolveAppFile(url: string, rootDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${path}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export function mimeTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? MIME[file.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
