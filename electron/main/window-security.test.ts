import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './ipc-sender';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  contentSecurityPolicy,
  decideNavigation,
  decideWindowOpen,
  mimeTypeOf,
  resolveAppFile,
} from './window-security';

describe('content security policy', () => {
  it('allows nothing remote and no inline script in the built app', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain(`default-src 'none'`);
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self'`);
    expect(csp).toContain(`object-src 'none'`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).not.toMatch(/https?:/);
  });

  it('lets the dev server in only when asked', () => {
    const csp = contentSecurityPolicy({ devServer: 'http://localhost:5173' });
    expect(csp).toContain(`script-src 'self' http://localhost:5173`);
    expect(csp).toContain('ws://localhost:5173');
  });
});

describe('navigation and new windows', () => {
  it('allows only our own page; https links go to the browser, others nowhere', () => {
    expect(decideNavigation(`${APP_ORIGIN}/index.html#/history`, APP_ORIGIN)).toEqual({ allow: true });
    expect(decideNavigation('https://rbsample.eco-serv.jp/abc/', APP_ORIGIN)).toEqual({ allow: false, openExternal: 'https://rbsample.eco-serv.jp/abc/' });
    expect(decideNavigation('http://example.com/', APP_ORIGIN)).toEqual({ allow: false, openExternal: null });
    expect(decideNavigation('file:///etc/passwd', APP_ORIGIN)).toEqual({ allow: false, openExternal: null });
    expect(decideNavigation('app://other/index.html', APP_ORIGIN)).toEqual({ allow: false, openExternal: null });
    expect(decideWindowOpen('https://example.com/help')).toEqual({ action: 'deny', openExternal: 'https://example.com/help' });
    expect(decideWindowOpen('https://user:pw@example.com/')).toEqual({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny', openExternal: null });
  });
});

describe('app:// file mapping', () => {
  const root = resolve('/opt/app/out/renderer');
  it('maps inside the renderer folder only', () => {
    expect(resolveAppFile(APP_ENTRY_URL, root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/`, root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/assets/index-abc.js?x=1`, root)).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(`${APP_ORIGIN}/../main/index.js`, root)).toBe(join(root, 'main', 'index.js'));
    // The URL parser already folds dot segments; what survives it must still stay inside.
    expect(resolveAppFile(`${APP_ORIGIN}/%2e%2e/%2e%2e/secret`, root)).toBe(join(root, 'secret'));
    expect(resolveAppFile(`${APP_ORIGIN}/a/%2e%2e%2f..%2f..%2fsecret`, root)).toBeNull();
    expect(resolveAppFile(`${APP_ORIGIN}/assets/..%5C..%5Csecret`, root)).toBeNull();
    expect(resolveAppFile(`${APP_ORIGIN}/a%00b`, root)).toBeNull();
    expect(resolveAppFile('app://evil/index.html', root)).toBeNull();
    expect(resolveAppFile('file:///etc/passwd', root)).toBeNull();
    expect(mimeTypeOf('x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('x/blob')).toBe('application/octet-stream');
  });
});

describe('IPC sender check', () => {
  const trusted = { webContentsId: 7, origin: APP_ORIGIN };
  it('accepts only the main frame of our window on our page', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: APP_ENTRY_URL, isMainFrame: true }, trusted)).toBe(true);
    expect(isTrustedSender({ webContentsId: 8, frameUrl: APP_ENTRY_URL, isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: APP_ENTRY_URL, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://evil.example/', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: null, isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: APP_ENTRY_URL, isMainFrame: true }, { webContentsId: null, origin: APP_ORIGIN })).toBe(false);
  });
});
