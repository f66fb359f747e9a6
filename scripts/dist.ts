// `npm run dist`: electron-builder with electron-builder.yml plus the update URL from
// MEISAI_UPDATE_URL (scripts/dist-config.ts). The resulting configuration is written to
// out/electron-builder.json and given to electron-builder's own command line, so every flag of
// `npm run dist -- --win` still works; nothing is uploaded (`--publish never`): IT copies the files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { distConfig, publishFromEnv, UPDATE_URL_ENV } from './dist-config';

const REPO = resolve(import.meta.dirname, '..');
const choice = publishFromEnv(process.env);
if (!choice.ok) {
  console.error(choice.message);
  process.exit(2);
}
console.log(choice.publish === null ? `${UPDATE_URL_ENV} not set: this build does not update itself` : `updates from ${choice.publish.url}`);
const config = distConfig(parse(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>, choice.publish);
mkdirSync(join(REPO, 'out'), { recursive: true });
const configFile = join(REPO, 'out', 'electron-builder.json');
writeFileSync(configFile, `${JSON.stringify(config, null, 1)}\n`);
const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
const r = spawnSync(process.execPath, [cli, '--config', configFile, '--publish', 'never', ...process.argv.slice(2)], { cwd: REPO, stdio: 'inherit' });
process.exit(r.status ?? 1);
