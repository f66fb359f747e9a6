// What `run` and `agent` both do before any work: read the settings file with the command-line
// overrides, decide the data folder, and make a redactor that knows the token — so the two commands
// cannot drift apart in how a setting, a path or a secret is treated.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Settings } from '../../shared/settings/schema';
import { createRedactor, type Redactor } from '../core/logging';
import { dataPathsFor, defaultDataDir, type DataPaths } from '../core/settings/data-paths';
import type { CliIo } from './cli-io';
import { loadConfig } from './load-config';

export interface ConfigOptions {
  readonly config?: string;
  readonly 'base-url'?: string;
  readonly token?: string;
  readonly root?: string;
  readonly 'data-dir'?: string;
}

export interface CommandConfig {
  readonly settings: Settings;
  readonly token: string;
  readonly paths: DataPaths;
  readonly redactor: Redactor;
}

/** The loaded configuration, or the exit code after telling the clerk what is wrong (2: usage). */
export async function loadCommandConfig(values: ConfigOptions, io: CliIo, help: string): Promise<CommandConfig | { readonly exit: number }> {
  if (!values.config) {
    io.stderr(`--config で設定ファイルを指定してください。\n\n${help}`);
    return { exit: 2 };
  }
  const loaded = await loadConfig(resolve(io.cwd, values.config), {
    baseUrl: values['base-url'],
    token: values.token,
    root: values.root === undefined ? undefined : resolve(io.cwd, values.root),
  }, io.env);
  if (!loaded.ok) {
    io.stderr(`設定に誤りがあります:\n${loaded.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return { exit: 2 };
  }
  const dataDir = values['data-dir'] ? resolve(io.cwd, values['data-dir']) : defaultDataDir(process.platform, io.env, homedir());
  const redactor = createRedactor();
  redactor.registerSecret(loaded.token);
  return { settings: loaded.settings, token: loaded.token, paths: dataPathsFor(dataDir, process.platform), redactor };
}
