import { describe, expect, it } from 'vitest';
import { customerImportFields, reportImportFields } from './import-fields';

const csv = new Uint8Array();

describe('customerImportFields', () => {
  it('maps each setting to its integer code, settingId first', () => {
    const fields = customerImportFields({ settingId: 3, overwriteInUse: true, overwriteWithBlank: false, skipFirst: true, importProcessName: 'p', fileName: 'a.csv', csv });
    expect(JSON.stringify(fields)).toBe('{"settingId":3,"isUpdateInfo":1,"updateBlank":2,"skipFirst":1,"importProcessName":"p"}');
  });
  it('omits settingId when null (the smallest format is used)', () => {
    const fields = customerImportFields({ settingId: null, overwriteInUse: false, overwriteWithBlank: true, skipFirst: false, importProcessName: 'p', fileName: 'a.csv', csv });
    expect(fields).toEqual({ isUpdateInfo: 0, updateBlank: 1, skipFirst: 0, importProcessName: 'p' });
  });
});

describe('reportImportFields', () => {
  it('without approval: no pdfIssueType, no approvalFlowId', () => {
    expect(reportImportFields({ reportTypeId: 14, skipFirst: true, approve: false, approvalFlowId: null, importProcessName: 'p', fileName: 'a.csv', csv }))
      .toEqual({ reportTypeId: 14, isNewIssues: 1, skipFirst: 1, isImmApproval: 0, importProcessName: 'p' });
  });
  it('with approval: pdfIssueType 0 and the flow id', () => {
    expect(JSON.stringify(reportImportFields({ reportTypeId: 15, skipFirst: false, approve: true, approvalFlowId: 7, importProcessName: 'p', fileName: 'a.csv', csv })))
      .toBe('{"reportTypeId":15,"isNewIssues":1,"skipFirst":0,"isImmApproval":1,"pdfIssueType":0,"approvalFlowId":7,"importProcessName":"p"}');
  });
  it('差替発行 (the clerk\'s choice for a corrected re-export): isNewIssues 2 with the replacement mail, no postal re-send', () => {
    expect(JSON.stringify(reportImportFields({ reportTypeId: 14, skipFirst: true, approve: false, approvalFlowId: null, importProcessName: 'p', fileName: 'a.csv', csv, issue: 'replace' })))
      .toBe('{"reportTypeId":14,"isNewIssues":2,"isSendMail":1,"isPostReplaceBill":0,"skipFirst":1,"isImmApproval":0,"importProcessName":"p"}');
  });
  it('新規発行 chosen explicitly is the same request as the default', () => {
    const base = { reportTypeId: 14, skipFirst: true, approve: true, approvalFlowId: 1, importProcessName: 'p', fileName: 'a.csv', csv } as const;
    expect(reportImportFields({ ...base, issue: 'new' })).toEqual(reportImportFields(base));
  });
  it('an approval flow is sent without approving too (documents then wait in that flow)', () => {
    expect(reportImportFields({ reportTypeId: 14, skipFirst: true, approve: false, approvalFlowId: 2, importProcessName: 'p', fileName: 'a.csv', csv }))
      .toEqual({ reportTypeId: 14, isNewIssues: 1, skipFirst: 1, isImmApproval: 0, approvalFlowId: 2, importProcessName: 'p' });
  });
});
