// 連携設定: Step1–4 on one page, in the manual's order, with the save bar. The address can name a
// step (#/settings/step2) or one document setting (#/settings/step4/<id>): the page scrolls there
// and, for a setting, opens its card.
import { useEffect } from 'react';
import { formatHash, type SettingsStep } from '../../routing/route';
import { useRouter } from '../../routing/router';
import { useSettings } from '../../stores/stores-context';
import { ErrorSummary } from './error-summary';
import { SaveBar } from './save-bar';
import { Step1Connection } from './step1-connection';
import { Step2Agent } from './step2-agent';
import { Step3Customers } from './step3-customers';
import { Step4Reports } from './step4-reports';
import { SupportSection } from './support-section';

const STEP_LINKS: readonly [SettingsStep, string][] = [
  ['step1', 'Step1 API接続'],
  ['step2', 'Step2 エージェント'],
  ['step3', 'Step3 顧客データ'],
  ['step4', 'Step4 帳票データ'],
];

/** Scrolls to the step or setting the address names, once the form is there. */
function useScrollToRoute(loading: boolean) {
  const { route, moves } = useRouter();
  const step = route.page === 'settings' ? route.step : null;
  const reportId = route.page === 'settings' ? route.reportId : null;
  const openCard = useSettings((s) => s.openCardOf);
  useEffect(() => {
    if (loading || step === null) return;
    const target = reportId === null ? null : openCard(reportId);
    // The card renders open on the next frame.
    requestAnimationFrame(() => {
      const el = document.getElementById(target ?? step);
      el?.scrollIntoView({ block: 'start' });
      const heading = el?.querySelector<HTMLElement>('h2, h3, .card-toggle');
      if (moves > 0) heading?.focus({ preventScroll: true });
    });
  }, [loading, step, reportId, moves, openCard]);
}

/** One switch for every field's help, instead of a button per field in the Tab order. */
function HelpSwitch() {
  const on = useSettings((s) => s.showAllHelp);
  const toggle = useSettings((s) => s.toggleAllHelp);
  return (
    <label className="help-switch">
      <input type="checkbox" checked={on} onChange={toggle} />
      説明をすべて表示（マニュアルの説明）
    </label>
  );
}

export function SettingsPage() {
  const loading = useSettings((s) => s.loading);
  const loadError = useSettings((s) => s.loadError);
  const { navigate } = useRouter();
  useScrollToRoute(loading);
  if (loading) return <p className="busy">設定を読み込んでいます…</p>;
  if (loadError !== null) return <p className="error-text" role="alert">{loadError}</p>;
  return (
    <form className="settings" noValidate aria-label="連携設定" onSubmit={(e) => e.preventDefault()}>
      <div className="form-top">
        <nav className="step-links" aria-label="ステップ">
          {STEP_LINKS.map(([step, label]) => {
            const to = { page: 'settings', step, reportId: null } as const;
            return (
              <a
                key={step}
                href={formatHash(to)}
                onClick={(e) => {
                  // Also when the address already names this step (no hashchange would come).
                  e.preventDefault();
                  navigate(to);
                }}
              >
                {label}
              </a>
            );
          })}
        </nav>
        <HelpSwitch />
      </div>
      <ErrorSummary />
      <Step1Connection />
      <Step2Agent />
      <Step3Customers />
      <Step4Reports />
      <SupportSection />
      <SaveBar />
    </form>
  );
}
