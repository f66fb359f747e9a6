// 連携設定: Step1–4 on one page, in the manual's order, with the save bar.
import { useSettings } from '../../stores/stores-context';
import { ErrorSummary } from './error-summary';
import { SaveBar } from './save-bar';
import { Step1Connection } from './step1-connection';
import { Step2Agent } from './step2-agent';
import { Step3Customers } from './step3-customers';
import { Step4Reports } from './step4-reports';

export function SettingsPage() {
  const loading = useSettings((s) => s.loading);
  const loadError = useSettings((s) => s.loadError);
  if (loading) return <p className="busy">設定を読み込んでいます…</p>;
  if (loadError !== null) return <p className="error-text" role="alert">{loadError}</p>;
  return (
    <form className="settings" noValidate aria-label="連携設定" onSubmit={(e) => e.preventDefault()}>
      <nav className="step-links" aria-label="ステップ">
        <a href="#step1">Step1 API接続</a>
        <a href="#step2">Step2 エージェント</a>
        <a href="#step3">Step3 顧客データ</a>
        <a href="#step4">Step4 帳票データ</a>
      </nav>
      <ErrorSummary />
      <Step1Connection />
      <Step2Agent />
      <Step3Customers />
      <Step4Reports />
      <SaveBar />
    </form>
  );
}
