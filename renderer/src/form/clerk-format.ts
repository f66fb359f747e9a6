// Numbers, sizes and dates the way a Japanese clerk writes them: 2026/11/30(月) 09:00, 「855 バイト」,
// 「1.2 KB」; and the reverse for what the clerk types: full-width digits and spaces (１４, ２０２６／１１／３０)
// become what the schema and the filters read. Pure, so each rule is a table test.
import { WEEKDAY_LABELS } from '../../../shared/settings/labels';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Full-width ASCII (０-９, Ａ-Ｚ, ／, －…) and the ideographic space to their plain forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** What a number or ID field keeps of the clerk's typing: half-width, no surrounding spaces. */
export function normalizeNumberText(text: string): string {
  return toHalfWidth(text).trim();
}

/** 2026/11/30 in this PC's local time. */
export function formatDate(d: Date): string {
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())}`;
}

/** An ISO time for tables: 2026/11/30(月) 09:00 (one line: the cell never wraps it). */
export function formatDateTimeShort(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const weekday = WEEKDAY_LABELS[d.getDay()]?.charAt(0) ?? '';
  return `${formatDate(d)}(${weekday}) ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Only the time, for the end of a span on the same day: 09:01. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A span of time the clerk can look for: 2026/11/30(月) 09:00〜09:01 (or with both dates). */
export function formatSpan(fromIso: string, toIso: string): string {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  const sameDay = !Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && formatDate(from) === formatDate(to);
  return `${formatDateTimeShort(fromIso)}〜${sameDay ? formatTime(toIso) : formatDateTimeShort(toIso)}`;
}

/** 「855 バイト」, 「12.5 KB」, 「1.2 MB」: bytes spelled out where a clerk would, one decimal above. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString('ja-JP')} バイト`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** 1,234 行 */
export const formatLines = (n: number): string => `${n.toLocaleString('ja-JP')}行`;

export type DateInput = { readonly ok: true; readonly iso: string | null } | { readonly ok: false; readonly message: string };

export const DATE_FORMAT_MESSAGE = '日付は「2026/11/30」の形で入力してください。';

/**
 * A typed date → YYYY-MM-DD (what the history filter takes), or null for an empty field. Accepts
 * 2026/11/30, 2026/1/5, 2026-11-30, 20261130, 2026年11月30日, in full-width digits too.
 */
export function parseDateInput(text: string): DateInput {
  const t = toHalfWidth(text).trim();
  if (t === '') return { ok: true, iso: null };
  const m = /^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m === null) return { ok: false, message: DATE_FORMAT_MESSAGE };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) {
    return { ok: false, message: `${y}/${pad(mo)}/${pad(d)} という日付はありません。` };
  }
  return { ok: true, iso: `${y}-${pad(mo)}-${pad(d)}` };
}

/** YYYY-MM-DD (the filter's value) as the field shows it: 2026/11/30. */
export const isoDateToText = (iso: string): string => iso.replace(/-/g, '/');
