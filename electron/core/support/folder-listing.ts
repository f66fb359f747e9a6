// The data folders as support sees them: every file with its size and modification time, so a
// missing history.db, a full staging folder or a log that stopped growing shows at a glance.
// Chromium's profile is summed, not listed: its cache names say nothing and are many.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_LINES = 5_000;
const SUMMED = new Set(['chromium']);

export interface ListedFolder {
  readonly label: string;
  readonly path: string;
}

async function totalSize(path: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (p: string): Promise<void> => {
    for (const name of await readdir(p).catch(() => [] as string[])) {
      const child = join(p, name);
      const st = await lstat(child).catch(() => null);
      if (st === null) continue;
      if (st.isDirectory()) await walk(child);
      else if (st.isFile()) {
        files += 1;
        bytes += st.size;
      }
    }
  };
  await walk(path);
  return { files, bytes };
}

/** One line per file or folder: `size  modified  path`, sizes in bytes, times in ISO UTC. */
export async function listFolders(folders: readonly ListedFolder[]): Promise<string> {
  const lines: string[] = [];
  const push = (line: string) => {
    if (lines.length < MAX_LINES) lines.push(line);
  };
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      push(`  （読めません: ${(e as NodeJS.ErrnoException).code ?? String(e)}）`);
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const st = await lstat(path).catch(() => null);
      if (st === null) continue;
      const rel = `${prefix}${name}`;
      if (st.isDirectory()) {
        if (SUMMED.has(rel)) {
          const t = await totalSize(path);
          push(`${String(t.bytes).padStart(12)}  ${st.mtime.toISOString()}  ${rel}/ (${t.files} files)`);
        } else {
          push(`${''.padStart(12)}  ${st.mtime.toISOString()}  ${rel}/`);
          await walk(path, `${rel}/`);
        }
      } else {
        push(`${String(st.size).padStart(12)}  ${st.mtime.toISOString()}  ${rel}${st.isFile() ? '' : ' (not a file)'}`);
      }
    }
  };
  // One folder may play several parts (MEISAI_DATA_DIR keeps everything in one): listed once, named for each.
  const byPath = new Map<string, string[]>();
  for (const f of folders) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f.label]);
  for (const [path, labels] of byPath) {
    const f = { path, label: labels.join('・') };
    lines.push('', `# ${f.label}: ${f.path}`);
    const st = await lstat(f.path).catch(() => null);
    if (st === null) lines.push('  （ありません）');
    else await walk(f.path, '');
  }
  if (lines.length >= MAX_LINES) lines.push(`…(${MAX_LINES} 行で打ち切り)`);
  return `${lines.join('\n').trimStart()}\n`;
}
