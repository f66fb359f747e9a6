// The packaging configuration `npm run dist` hands electron-builder: electron-builder.yml as it is,
// plus where the installed app looks for updates — MEISAI_UPDATE_URL, fixed at build time so that
// IT decides the server once (an office web server; no cloud account) and a clerk can change nothing.
// electron-builder writes it into the app's resources/app-update.yml (read by electron-updater) and
// writes latest.yml beside the installer, with the installer's sha512, for IT to copy to that URL.
// Without the variable, `publish` is null: no app-update.yml, and the tray says updates are not set up.

export const UPDATE_URL_ENV = 'MEISAI_UPDATE_URL';
/** A plain-http URL is refused unless this is 1: latest.yml and the installer would travel unprotected. */
export const ALLOW_HTTP_ENV = 'MEISAI_UPDATE_ALLOW_HTTP';

export interface GenericPublish {
  readonly provider: 'generic';
  readonly url: string;
}

export type PublishChoice = { readonly ok: true; readonly publish: GenericPublish | null } | { readonly ok: false; readonly message: string };

export function publishFromEnv(env: Readonly<Record<string, string | undefined>>): PublishChoice {
  const raw = env[UPDATE_URL_ENV]?.trim() ?? '';
  if (raw === '') return { ok: true, publish: null };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `${UPDATE_URL_ENV} is not a URL: ${raw}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && env[ALLOW_HTTP_ENV] === '1')) {
    return {
      ok: false,
      message: `${UPDATE_URL_ENV} must be https:// (an http:// intranet server only with ${ALLOW_HTTP_ENV}=1, and better with a code-signed installer): ${raw}`,
    };
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return { ok: false, message: `${UPDATE_URL_ENV} must be a plain folder URL, without credentials, query or fragment: ${raw}` };
  }
  // electron-updater resolves latest.yml against the URL: it must name a folder.
  const href = url.href.endsWith('/') ? url.href : `${url.href}/`;
  return { ok: true, publish: { provider: 'generic', url: href } };
}

/** electron-builder.yml's content with `publish` set from the environment's choice. */
export function distConfig(base: Readonly<Record<string, unknown>>, publish: GenericPublish | null): Record<string, unknown> {
  return { ...base, publish };
}
