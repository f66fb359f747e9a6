// Copies screenshots from test-output/screenshots/ (git-ignored, rewritten each run) into
// docs/screenshots/ (committed), where the README shows them. Only when asked
// (MEISAI_UPDATE_SCREENSHOTS=1), so that an ordinary test run leaves the work tree clean. The README's
// pictures are taken by readme-screenshots.test.ts; the other browser tests keep theirs in
// test-output/ for a person to look at.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCREENSHOT_DIR } from './window-session';

export const DOCS_SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export async function copyToDocs(names: readonly string[]): Promise<void> {
  if (process.env['MEISAI_UPDATE_SCREENSHOTS'] !== '1') return;
  await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
  for (const name of names) await copyFile(join(SCREENSHOT_DIR, `${name}.png`), join(DOCS_SCREENSHOT_DIR, `${name}.png`));
}
