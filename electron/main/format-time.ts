// Short Japanese date-times for the tray menu, tooltip and notifications ("11/30(月) 9:00"). The time
// zone is a parameter so that tests do not depend on the machine's; the app passes none (local).

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;

export interface TimeFormatOptions {
  /** IANA zone, e.g. `Asia/Tokyo`; undefined = the machine's local zone. */
  readonly timeZone?: string;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

function partsOf(date: Date, timeZone: string | undefined): Parts {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  });
  const get = (type: string) => f.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: weekday < 0 ? 0 : weekday,
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
  };
}

/** `11/30(月) 9:00`; with the year when it differs from `now`'s: `2027/1/4(月) 9:00`. */
export function formatShortDateTime(at: Date, now: Date, options: TimeFormatOptions = {}): string {
  const p = partsOf(at, options.timeZone);
  const n = partsOf(now, options.timeZone);
  const date = p.year === n.year ? `${p.month}/${p.day}` : `${p.year}/${p.month}/${p.day}`;
  return `${date}(${WEEKDAYS[p.weekday]}) ${p.hour}:${String(p.minute).padStart(2, '0')}`;
}
