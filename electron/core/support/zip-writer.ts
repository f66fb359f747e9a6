// Writes a list of in-memory entries as one zip file with yazl: a small, long-kept library
// (the zip writer behind many npm tools) that streams deflate output, writes UTF-8 names with the
// language-encoding flag (Explorer and macOS Archive Utility show them right) and needs no native
// code. The zip is written under a temporary name and renamed into place, so the clerk never finds
// (or mails) a half-written file under the name they chose.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export interface ZipEntry {
  /** Path inside the zip, forward slashes. */
  readonly name: string;
  readonly data: Buffer;
}

export async function writeZip(entries: readonly ZipEntry[], file: string, mtime: Date): Promise<number> {
  const zip = new ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { mtime, mode: 0o100644 });
  zip.end();
  const temp = `${file}.${process.pid}.partial`;
  try {
    const out = createWriteStream(temp, { mode: 0o600 });
    await pipeline(zip.outputStream, out);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return entries.length;
}
