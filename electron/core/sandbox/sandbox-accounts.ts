// What one emulated 楽楽明細 tenant holds: its account name and token, its customer import formats
// (取込フォーマット設定, by 取込設定ID), its document types (帳票の設定, by 帳票種別ID), approval flows and
// a starting customer master. The default tenant matches the reference samples
// (test/fixtures/samples), so the demo and tests can send those files unchanged.

export const SANDBOX_ACCOUNT = 'sandbox';
/** A fixed, obviously-not-secret token of the same shape as real ones (64 × [A-Za-z0-9]). */
export const SANDBOX_TOKEN = 'LcKxUrJhR82BP2MwxshwPA3pJqy54M2hZ9gLYxsXFSnMPHNtTCo3eqXWNjWMN3pw';

export interface CustomerFormat {
  readonly settingId: number;
  readonly name: string;
  /** The columns a line must have, in order (the header the format expects). */
  readonly columns: readonly string[];
  /** The column that identifies a customer (required, non-empty). */
  readonly codeColumn: string;
}

export interface DocumentType {
  readonly reportTypeId: number;
  readonly name: string;
  readonly columns: readonly string[];
  /** Must be non-empty and name a customer already in the master. */
  readonly customerCodeColumn: string;
  /**
   * The 帳票No column of the CSV import setting, if one is mapped: one document per value, replaced
   * by it on 差替発行. Without it, one document per 顧客コード per import (auto-numbered).
   */
  readonly documentNoColumn?: string;
}

export interface ApprovalFlow {
  readonly approvalFlowId: number;
  /** 「承認をスキップする」: only such flows are accepted together with isImmApproval=1 (seed manual). */
  readonly skipApproval: boolean;
}

export type WebStatus = '未利用' | '利用中';

export interface SandboxCustomer {
  readonly code: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly webStatus: WebStatus;
}

export interface SandboxAccountConfig {
  readonly account: string;
  readonly token: string;
  readonly customerFormats: readonly CustomerFormat[];
  readonly documentTypes: readonly DocumentType[];
  readonly approvalFlows: readonly ApprovalFlow[];
  /** The customer master at start (and after reset()). */
  readonly customers: readonly SandboxCustomer[];
}

/** Columns of samples/clientmaster_20261130.csv. */
export const CLIENTMASTER_COLUMNS = ['顧客コード', '顧客名', '郵便番号', '住所１', '住所２', '会社名', '担当者名', 'メールアドレス'] as const;
/** Columns of samples/billdata_20261130.csv. */
export const BILLDATA_COLUMNS = ['日付', '顧客コード', 'ページ', 'ご請求金額', '振込期限日', '請求年月', '明細名称', '請求明細No.', '明細金額', '備考', '登録番号'] as const;
/** A second document shape (支払明細), so tests can show that columns are per document type. */
export const PAYMENT_COLUMNS = ['日付', '顧客コード', '支払年月', '支払金額', '明細名称', '明細金額', '備考'] as const;

export function defaultSandboxAccount(overrides: Partial<SandboxAccountConfig> = {}): SandboxAccountConfig {
  return {
    account: SANDBOX_ACCOUNT,
    token: SANDBOX_TOKEN,
    customerFormats: [
      { settingId: 1, name: '顧客マスタ（標準）', columns: CLIENTMASTER_COLUMNS, codeColumn: '顧客コード' },
      { settingId: 2, name: '顧客マスタ（簡易）', columns: ['顧客コード', '顧客名', 'メールアドレス'], codeColumn: '顧客コード' },
    ],
    documentTypes: [
      { reportTypeId: 14, name: '請求書', columns: BILLDATA_COLUMNS, customerCodeColumn: '顧客コード' },
      { reportTypeId: 15, name: '支払明細', columns: PAYMENT_COLUMNS, customerCodeColumn: '顧客コード' },
    ],
    approvalFlows: [
      { approvalFlowId: 1, skipApproval: true },
      { approvalFlowId: 2, skipApproval: false },
    ],
    customers: [],
    ...overrides,
  };
}
