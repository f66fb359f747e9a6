// Reads a whole zip into memory with yauzl (the reading half of yazl), for tests that check what a
// support bundle holds: every entry's name and bytes, read back from the file as a mail client would.
import yauzl from 'yauzl';

export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return out;
}

/** Token-bearing header values that were not masked: `X-WB-apitoken: v` with v anything but the mask. */
export function unmaskedHeaderValues(text: string): string[] {
  return [...text.matchAll(/x-wb-apitoken["']?\s*[:=]\s*["']?([^\s"',;}&]+)/gi)].map((m) => m[1]!).filter((v) => v !== '[REDACTED]');
}
