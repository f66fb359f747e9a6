// The field names exactly as the manual (楽楽コネクタの連携設定方法) labels them, so an error message
// points the clerk at the field they know.
export const LABELS = {
  url: '「楽楽明細」URL',
  apiToken: 'APIトークン',
  root: 'ファイルの配置場所',
  proxyUrl: 'プロキシURL',
  settingId: '取込設定ID',
  folder: 'フォルダ名',
  filePrefix: 'ファイル名',
  overwriteInUse: '利用中の上書き',
  overwriteWithBlank: '空白での上書き',
  firstLine: 'ファイル1行目',
  timing: '連携タイミング',
  every: '実行間隔',
  weekday: '曜日',
  day: '日',
  hour: '時間',
  businessDay: '土日祝日の扱い',
  name: '帳票名',
  reportTypeId: '帳票種別ID',
  approve: '承認フラグ',
  approvalFlowId: '承認フローID',
} as const;

export const WEEKDAY_LABELS = ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'] as const;
