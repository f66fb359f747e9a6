// One schema for everything the manual's Step 1–4 hold. It is the settings file format (see README),
// the CLI's input and the settings window's form model; every message is Japanese and names the field
// as the manual labels it.
import { z } from 'zod';
import { LABELS } from './labels';
import { normalizeMeisaiUrl } from './meisai-url';

const RESERVED_WINDOWS_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// Characters Windows forbids in a file or folder name, plus both separators.
const FORBIDDEN_NAME_CHARS = /[<>:"/\\|?*\u0000-\u001f]/;

export const folderNameSchema = z
  .string({ error: `${LABELS.folder}を入力してください。` })
  .trim()
  .min(1, `${LABELS.folder}を入力してください。`)
  .max(100, `${LABELS.folder}は100文字以内で入力してください。`)
  .superRefine((value, ctx) => {
    if (value === '.' || value === '..' || value.includes('..')) {
      ctx.addIssue({ code: 'custom', message: `${LABELS.folder}に「..」は使えません。ファイルの配置場所の直下のフォルダ名だけを入力してください。` });
    } else if (FORBIDDEN_NAME_CHARS.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${LABELS.folder}に「\\ / : * ? " < > |」は使えません。フォルダ名だけを入力してください（例: clientmaster）。` });
    } else if (RESERVED_WINDOWS_NAMES.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${LABELS.folder}に「${value}」はWindowsの予約名のため使えません。` });
    } else if (/[ .]$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `${LABELS.folder}の末尾に空白や「.」は使えません。` });
    }
  });

export const filePrefixSchema = z
  .string({ error: `${LABELS.filePrefix}を入力してください。` })
  .trim()
  .min(1, `${LABELS.filePrefix}を入力してください（前方一致で探します）。`)
  .max(100, `${LABELS.filePrefix}は100文字以内で入力してください。`)
  .refine((v) => !FORBIDDEN_NAME_CHARS.test(v), `${LABELS.filePrefix}に「\\ / : * ? " < > |」は使えません。`);

const optionalPositiveId = (label: string) =>
  z
    .union([z.number(), z.string(), z.null()], { error: `${label}は数字で入力してください。` })
    .optional()
    .transform((v, ctx): number | null => {
      if (v === undefined || v === null) return null;
      const text = typeof v === 'number' ? String(v) : v.trim();
      if (text === '') return null;
      if (!/^[0-9]+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
        ctx.addIssue({ code: 'custom', message: `${label}は1以上の整数で入力してください（未入力も可）。` });
        return z.NEVER;
      }
      return Number(text);
    });

const firstLineSchema = z.enum(['skip', 'read'], { error: `${LABELS.firstLine}は「読み込まない」か「読み込む」を選んでください。` });

const hourSchema = z
  .number({ error: `${LABELS.hour}は0時〜23時から選んでください。` })
  .int(`${LABELS.hour}は0時〜23時から選んでください。`)
  .min(0, `${LABELS.hour}は0時〜23時から選んでください。`)
  .max(23, `${LABELS.hour}は0時〜23時から選んでください。`);

/** What to do when a scheduled slot falls on a Saturday, Sunday or Japanese national holiday. */
export const businessDayRuleSchema = z
  .enum(['as-is', 'previous', 'next'], { error: `${LABELS.businessDay}は「そのまま」「前営業日」「翌営業日」から選んでください。` })
  .default('as-is');

const scheduleBase = { mode: z.literal('schedule'), hour: hourSchema, businessDay: businessDayRuleSchema };

export const timingSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('none') }),
    z.object({ mode: z.literal('manual') }),
    /** ファイル配置時: runs once the setting's files are stable (debounced). */
    z.object({ mode: z.literal('arrival') }),
    z.discriminatedUnion(
      'every',
      [
        z.object({ ...scheduleBase, every: z.literal('day') }),
        z.object({
          ...scheduleBase,
          every: z.literal('week'),
          weekday: z
            .number({ error: `${LABELS.weekday}を選んでください。` })
            .int()
            .min(0, `${LABELS.weekday}を選んでください。`)
            .max(6, `${LABELS.weekday}を選んでください。`),
        }),
        z.object({
          ...scheduleBase,
          every: z.literal('month'),
          day: z.union(
            [
              z
                .number()
                .int(`${LABELS.day}は1〜31日か「末日」を選んでください。`)
                .min(1, `${LABELS.day}は1〜31日か「末日」を選んでください。`)
                .max(31, `${LABELS.day}は1〜31日か「末日」を選んでください。`),
              z.literal('last'),
            ],
            { error: `${LABELS.day}は1〜31日か「末日」を選んでください。` },
          ),
        }),
      ],
      { error: `${LABELS.every}は「毎日」「毎週」「毎月」から選んでください。` },
    ),
  ],
  { error: `${LABELS.timing}は「連携しない」「手動実行」「スケジュール実行」「ファイル配置時」から選んでください。` },
);

export const meisaiSchema = z.object({
  url: z.string({ error: `${LABELS.url}を入力してください。` }),
  /** May be absent: it can come from MEISAI_API_TOKEN or, in the tray app, from the encrypted store. */
  apiToken: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]*$/, `${LABELS.apiToken}は英数字だけです。コピーした時に余分な文字が入っていないか確認してください。`)
    .optional(),
});

export const agentSchema = z.object({
  root: z.string({ error: `${LABELS.root}を入力してください。` }).trim().min(1, `${LABELS.root}を入力してください。`),
  /** Shown read-only in Step 2, for support. Filled in by the settings store when missing. */
  id: z.string().optional(),
  startAtLogin: z.boolean().default(true),
  notifications: z.boolean().default(true),
  /**
   * A scheduled run that finds no file to send says so (「対象のファイルがありませんでした」): a clerk
   * who exported under the wrong name would otherwise believe the invoices went out.
   */
  notifyEmptyRuns: z.boolean().default(true),
  /** Network drives do not deliver change events reliably: poll instead. */
  pollFolders: z.boolean().default(false),
  /** null: use the system proxy. */
  proxyUrl: z
    .string()
    .trim()
    .nullable()
    .default(null)
    .transform((v) => (v === '' ? null : v))
    .refine((v) => v === null || /^https?:\/\/[^\s]+$/.test(v), `${LABELS.proxyUrl}は http:// または https:// で始まるURLを入力してください。`),
});

export const customersSchema = z.object({
  settingId: optionalPositiveId(LABELS.settingId),
  folder: folderNameSchema,
  filePrefix: filePrefixSchema,
  overwriteInUse: z.boolean().default(false),
  overwriteWithBlank: z.boolean().default(false),
  firstLine: firstLineSchema.default('skip'),
});

export const reportSchema = z.object({
  /** Stable id, survives reordering and renaming; history and schedule state refer to it. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  name: z.string({ error: `${LABELS.name}を入力してください。` }).trim().min(1, `${LABELS.name}を入力してください。`).max(100, `${LABELS.name}は100文字以内で入力してください。`),
  reportTypeId: z
    .union([z.number(), z.string()], { error: `${LABELS.reportTypeId}を入力してください。` })
    .transform((v, ctx) => {
      const text = typeof v === 'number' ? String(v) : v.trim();
      if (!/^[0-9]+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
        ctx.addIssue({ code: 'custom', message: `${LABELS.reportTypeId}は1以上の整数で入力してください。` });
        return z.NEVER;
      }
      return Number(text);
    }),
  folder: folderNameSchema,
  filePrefix: filePrefixSchema,
  firstLine: firstLineSchema.default('skip'),
  approve: z.boolean().default(false),
  approvalFlowId: optionalPositiveId(LABELS.approvalFlowId),
  timing: timingSchema,
});

/**
 * The whole settings object. `allowLoopbackUrl` accepts a `http://127.0.0.1:PORT/<account>/` URL:
 * only for the built-in sandbox, chosen explicitly (the CLI's --base-url, the app's sandbox mode).
 */
export const makeSettingsSchema = (options: { readonly allowLoopbackUrl?: boolean } = {}) => z
  .object({
    version: z.literal(1, { error: '設定ファイルの version は 1 です。' }),
    meisai: meisaiSchema,
    agent: agentSchema,
    customers: customersSchema,
    reports: z.array(reportSchema).max(50, '帳票データ連携設定は50件までです。'),
  })
  .superRefine((s, ctx) => {
    const url = normalizeMeisaiUrl(s.meisai.url, { allowLoopback: options.allowLoopbackUrl === true });
    if (!url.ok) ctx.addIssue({ code: 'custom', path: ['meisai', 'url'], message: url.error });
    for (const issue of prefixOverlaps(s.customers, s.reports)) ctx.addIssue({ code: 'custom', ...issue });
    const ids = new Set<string>();
    s.reports.forEach((r, i) => {
      if (r.id === undefined) return;
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['reports', i, 'id'], message: `帳票データ連携設定${i + 1}のIDが重複しています。` });
      ids.add(r.id);
    });
  });

interface FolderClaim {
  readonly folder: string;
  readonly filePrefix: string;
}

/**
 * Two settings reading the same folder with overlapping prefixes would both claim a file. Exported
 * so the window can report it in the same round as every other field (zod runs the refinement
 * above only once every field is valid).
 */
export function prefixOverlaps(customers: FolderClaim, reports: readonly FolderClaim[]): { readonly path: (string | number)[]; readonly message: string }[] {
  const claims = [
    { path: ['customers'] as (string | number)[], label: 'Step3 顧客データ', folder: customers.folder, prefix: customers.filePrefix },
    ...reports.map((r, i) => ({ path: ['reports', i] as (string | number)[], label: `Step4 帳票データ連携設定${i + 1}`, folder: r.folder, prefix: r.filePrefix })),
  ];
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (let i = 0; i < claims.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = claims[j]!;
      const b = claims[i]!;
      if (a.folder.toLowerCase() !== b.folder.toLowerCase() || a.prefix === '' || b.prefix === '') continue;
      const pa = a.prefix.toLowerCase();
      const pb = b.prefix.toLowerCase();
      if (pa.startsWith(pb) || pb.startsWith(pa)) {
        issues.push({
          path: [...b.path, 'filePrefix'],
          message: `${LABELS.filePrefix}「${b.prefix}」は${a.label}（フォルダ「${a.folder}」、ファイル名「${a.prefix}」）と重なっています。同じフォルダを使う場合は、どちらにも当てはまらない名前にしてください。`,
        });
      }
    }
  }
  return issues;
}

export const settingsSchema = makeSettingsSchema();

/** The settings file as written by a clerk or the window (ids and defaults may be missing). */
export type SettingsInput = z.input<typeof settingsSchema>;
/** Parsed settings (defaults applied). Report ids may still be missing until `assignReportIds`. */
export type ParsedSettings = z.output<typeof settingsSchema>;
export type Timing = z.output<typeof timingSchema>;
export type ScheduleTiming = Extract<Timing, { mode: 'schedule' }>;
export type BusinessDayRule = z.output<typeof businessDayRuleSchema>;
export type CustomerSetting = z.output<typeof customersSchema>;
export type ReportSettingParsed = z.output<typeof reportSchema>;
export type ReportSetting = ReportSettingParsed & { readonly id: string };
export type Settings = Omit<ParsedSettings, 'reports' | 'agent'> & {
  readonly agent: ParsedSettings['agent'] & { readonly id: string };
  readonly reports: readonly ReportSetting[];
};
