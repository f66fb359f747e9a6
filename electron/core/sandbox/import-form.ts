// An import POST's form as 楽楽明細 reads it: the `json` part (a plain field from Java or Python, a
// file part from a browser's Blob) and the files[i] parts in index order, of which the first that is
// not a ZIP is the CSV and the first ZIP carries the attachments. What is refused here is refused
// before any import is recorded.
import { requestErrors, type ApiErrorItem } from './assumed-behaviour';
import { parseMultipartForm, type FormPart } from './multipart-form';

type FilePart = Extract<FormPart, { kind: 'file' }>;

export type ImportForm =
  | {
    readonly ok: true;
    readonly fields: Record<string, unknown>;
    readonly csv: FilePart;
    readonly attachmentFileName: string | null;
  }
  /** `detail` (for the log) when the body was no multipart/form-data at all. */
  | { readonly ok: false; readonly errors: ApiErrorItem[]; readonly detail?: string };

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

export async function readImportForm(contentType: string, body: Buffer): Promise<ImportForm> {
  const form = await parseMultipartForm(contentType, body);
  if (!form.ok) return { ok: false, errors: [requestErrors.notMultipart()], detail: form.detail };
  const jsonPart = form.parts.find((p) => p.name === 'json');
  const jsonText = jsonPart === undefined ? '{}' : jsonPart.kind === 'field' ? jsonPart.value : jsonPart.bytes.toString('utf8');
  const fields = jsonObject(jsonText);
  if (fields === null) return { ok: false, errors: [requestErrors.badJson()] };
  const files = indexedFiles(form.parts);
  // A ZIP of attachments may travel as files[0] with the CSV as files[1] (seen once).
  const csv = files.find((f) => !isZip(f));
  if (csv === undefined) return { ok: false, errors: [requestErrors.missingFile()] };
  return { ok: true, fields, csv, attachmentFileName: files.find(isZip)?.fileName ?? null };
}

function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The files[i] parts sorted by i; file parts under other names are not the API's and are ignored. */
function indexedFiles(parts: readonly FormPart[]): FilePart[] {
  return parts
    .flatMap((p) => (p.kind === 'file' ? [{ index: /^files\[(\d+)\]$/.exec(p.name)?.[1], part: p }] : []))
    .filter((e) => e.index !== undefined)
    .sort((a, b) => Number(a.index) - Number(b.index))
    .map((e) => e.part);
}

function isZip(file: FilePart): boolean {
  return /\.zip$/i.test(file.fileName) || file.bytes.subarray(0, 4).equals(ZIP_MAGIC);
}
