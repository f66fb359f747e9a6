// 連携タイミング: 連携しない / 手動実行 / スケジュール実行 (毎日・毎週・毎月, 0時–23時, 土日祝日) /
// ファイル配置時, with what the schedule means in words and when it runs next.
import { LABELS, WEEKDAY_LABELS } from '../../../../shared/settings/labels';
import { BUSINESS_DAY_LABELS, TIMING_MODE_LABELS, describeTiming, formatDateTime, shortMonthNote } from '../../form/describe-timing';
import type { BusinessDay, Every, TimingDraft, TimingMode } from '../../form/settings-draft';
import type { FieldErrors } from '../../form/validate-draft';
import { NOT_RUN_WHILE_STOPPED } from '../../../../shared/run';
import { useAgent } from '../../stores/stores-context';
import { ChoiceField } from '../common/choice-field';
import { SelectField } from '../common/select-field';

const MODES: readonly TimingMode[] = ['none', 'manual', 'schedule', 'arrival'];
const EVERY: readonly { value: Every; label: string }[] = [
  { value: 'day', label: '毎日' },
  { value: 'week', label: '毎週' },
  { value: 'month', label: '毎月' },
];
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${h}時` }));
const DAYS = [...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}日` })), { value: 'last', label: '末日' }];
const WEEKDAYS = WEEKDAY_LABELS.map((label, i) => ({ value: String(i), label }));

/**
 * The next run of a saved schedule, from main's scheduler (the agent's status) — or, while the agent
 * is stopped, that it will not run: a date shown as if it would is how a month-end run gets missed.
 */
export function NextRunText({ reportId, saved }: { readonly reportId: string | undefined; readonly saved: boolean }) {
  const next = useAgent((s) => (reportId === undefined ? null : (s.status?.nextRuns.find((n) => n.reportId === reportId) ?? null)));
  const stopped = useAgent((s) => s.status?.agent.state === 'stopped');
  if (!saved) return <>保存後に表示されます</>;
  if (stopped) {
    return (
      <>
        <span className="warning">{NOT_RUN_WHILE_STOPPED}</span>
        {next?.at == null ? null : <span className="muted">（起動すると {formatDateTime(next.at)}）</span>}
      </>
    );
  }
  return <>{next?.at == null ? '未定' : formatDateTime(next.at)}</>;
}

function NextRun({ reportId, timing, saved }: { readonly reportId: string | undefined; readonly timing: TimingDraft; readonly saved: boolean }) {
  if (timing.mode !== 'schedule') return null;
  if (!saved) return <p className="next-run">次回の実行日時は、保存後に表示されます。</p>;
  return (
    <p className="next-run" data-testid="next-run">
      次回の実行: <NextRunText reportId={reportId} saved={saved} />
    </p>
  );
}

export function TimingField(p: {
  readonly base: string;
  readonly reportId: string | undefined;
  readonly timing: TimingDraft;
  /** The timing equals what is saved, so main's next-run time applies to it. */
  readonly saved: boolean;
  readonly errors: FieldErrors;
  readonly onChange: (t: TimingDraft) => void;
}) {
  const t = p.timing;
  const set = (change: Partial<TimingDraft>) => p.onChange({ ...t, ...change });
  const note = shortMonthNote(t);
  return (
    <ChoiceField<TimingMode>
      path={`${p.base}.mode`}
      label={LABELS.timing}
      help="timing"
      choices={MODES.map((m) => ({ value: m, label: TIMING_MODE_LABELS[m] }))}
      value={t.mode}
      onChange={(mode) => set({ mode })}
      error={p.errors[`${p.base}.mode`]}
    >
      {t.mode === 'schedule' ? (
        <div className="schedule">
          <SelectField path={`${p.base}.every`} label={LABELS.every} options={EVERY} value={t.every} onChange={(v) => set({ every: v as Every })} error={p.errors[`${p.base}.every`]} />
          {t.every === 'week' ? (
            <SelectField path={`${p.base}.weekday`} label={LABELS.weekday} options={WEEKDAYS} value={String(t.weekday)} onChange={(v) => set({ weekday: Number(v) })} error={p.errors[`${p.base}.weekday`]} />
          ) : null}
          {t.every === 'month' ? (
            <SelectField
              path={`${p.base}.day`}
              label={LABELS.day}
              options={DAYS}
              value={String(t.day)}
              onChange={(v) => set({ day: v === 'last' ? 'last' : Number(v) })}
              error={p.errors[`${p.base}.day`]}
            />
          ) : null}
          <SelectField path={`${p.base}.hour`} label={LABELS.hour} options={HOURS} value={String(t.hour)} onChange={(v) => set({ hour: Number(v) })} error={p.errors[`${p.base}.hour`]} />
          <SelectField
            path={`${p.base}.businessDay`}
            label={LABELS.businessDay}
            help="businessDay"
            options={(Object.keys(BUSINESS_DAY_LABELS) as BusinessDay[]).map((b) => ({ value: b, label: BUSINESS_DAY_LABELS[b] }))}
            value={t.businessDay}
            onChange={(v) => set({ businessDay: v as BusinessDay })}
            error={p.errors[`${p.base}.businessDay`]}
          />
        </div>
      ) : null}
      <div className="hint" aria-live="polite">
        <p>設定内容: {describeTiming(t)}</p>
        {note === null ? null : <p className="note-inline">{note}</p>}
        <NextRun reportId={p.reportId} timing={t} saved={p.saved} />
      </div>
    </ChoiceField>
  );
}
