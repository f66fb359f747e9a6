// Dates and times as the clerk's PC shows them, in one place: every format the product writes —
// folder names, file names, notes, the CSV export, the CLI, the log, the tray and the window — is a
// row of LOCAL_FORMATS, read in the PC's local time zone (or an explicit IANA zone, so tests do not
// depend on the machine's). Plain ECMAScript (Date, Intl): used by the core, main and the window.

export interface TimeZoneOption {
  /** IANA zone, e.g. `Asia/Tokyo`; undefined = the machine's local zone. */
  readonly timeZone?: string;
}

export interface LocalParts {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  /** 0 (日) – 6 (土) */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const WEEKDAY_SHORT = ['日', '月', '火', '水', '木', '金', '土'] as const;
const pad2 = (n: number): string => String(n).padStart(2, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar and clock parts of an instant, in the local zone (Date's getters) or the given one. */
export function localParts(date: Date, options: TimeZoneOption = {}): LocalParts {
  if (options.timeZone === undefined) {
    return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), weekday: date.getDay(), hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds() };
  }
  const parts = formatterFor(options.timeZone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: weekday < 0 ? 0 : weekday,
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
  };
}

const date = (p: LocalParts) => `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
const clock = (p: LocalParts) => `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;

/** Every format, with where it is used. */
export const LOCAL_FORMATS = {
  /** `2026-11-30`: 処理済み/エラー folder names, history filters, holiday keys. */
  date,
  /** `20261130`: in file names (the history CSV export). */
  'compact-date': (p: LocalParts) => `${p.year}${pad2(p.month)}${pad2(p.day)}`,
  /** `2026-11-30 09:05`: the CLI's agent status. */
  'date-time': (p: LocalParts) => `${date(p)} ${pad2(p.hour)}:${pad2(p.minute)}`,
  /** `2026-11-30 09:05:03`: the `_エラー内容.txt` note. */
  'date-time-seconds': (p: LocalParts) => `${date(p)} ${clock(p)}`,
  /** `2026/11/30 09:05:03`: what Excel reads as a date and time (the history CSV, the CLI's history). */
  excel: (p: LocalParts) => `${p.year}/${pad2(p.month)}/${pad2(p.day)} ${clock(p)}`,
  /** `11/30 09:05`: the name of an import in 楽楽明細's 取込履歴 (short, as the clerk reads it there). */
  'import-name': (p: LocalParts) => `${p.month}/${p.day} ${pad2(p.hour)}:${pad2(p.minute)}`,
  /** `09:05:03`: console log lines. */
  clock,
  /** `2026年11月30日(月) 09:05`: the settings window. */
  japanese: (p: LocalParts) => `${p.year}年${p.month}月${p.day}日(${WEEKDAY_SHORT[p.weekday]}) ${pad2(p.hour)}:${pad2(p.minute)}`,
} as const;

export type LocalFormat = keyof typeof LOCAL_FORMATS;

export function formatLocal(at: Date, format: LocalFormat, options: TimeZoneOption = {}): string {
  return LOCAL_FORMATS[format](localParts(at, options));
}

/** An ISO time from the history in a local format; text that is not a time is shown as it is. */
export function formatLocalIso(iso: string, format: LocalFormat, options: TimeZoneOption = {}): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatLocal(at, format, options);
}

/** `11/30(月) 9:00` for the tray and notifications; with the year when it differs from `now`'s: `2027/1/4(月) 9:00`. */
export function formatShortDateTime(at: Date, now: Date, options: TimeZoneOption = {}): string {
  const p = localParts(at, options);
  const n = localParts(now, options);
  const day = p.year === n.year ? `${p.month}/${p.day}` : `${p.year}/${p.month}/${p.day}`;
  return `${day}(${WEEKDAY_SHORT[p.weekday]}) ${p.hour}:${pad2(p.minute)}`;
}
