// The customers-before-documents verdict, as a table.
import { describe, expect, it } from 'vitest';
import { documentsGate, type CustomersSituation, type DocumentsGate } from './customers-first';

const now = new Date('2026-11-25T00:00:00.000Z');
const refused = { id: 7, fileName: 'clientmaster_1124.csv', runId: 'r-1' };

describe('documentsGate', () => {
  it.each<[string, CustomersSituation, DocumentsGate['kind']]>([
    ['customers imported', { refused: null, retryWaitUntil: null, inFlight: false, thisRunImported: true }, 'go'],
    ['a refused customer file (this run or an earlier one) holds them', { refused, retryWaitUntil: null, inFlight: false, thisRunImported: true }, 'hold'],
    ['the refusal wins over a customer file waiting to be resent', { refused, retryWaitUntil: '2026-11-25T00:05:00.000Z', inFlight: true, thisRunImported: false }, 'hold'],
    ['a customer file in 再送待ち parks them', { refused: null, retryWaitUntil: '2026-11-25T00:05:00.000Z', inFlight: false, thisRunImported: false }, 'wait'],
    ['a customer import under way elsewhere (resume beside the agent) parks them', { refused: null, retryWaitUntil: null, inFlight: true, thisRunImported: true }, 'wait'],
    ['this run\'s customers left unimported (locked, 取込状況不明)', { refused: null, retryWaitUntil: null, inFlight: false, thisRunImported: false }, 'not-now'],
  ])('%s → %s', (_what, situation, kind) => {
    expect(documentsGate(situation, now).kind).toBe(kind);
  });

  it('parks documents until just after the customers\' next attempt (never in the past)', () => {
    const base = { refused: null, inFlight: false, thisRunImported: true };
    expect(documentsGate({ ...base, retryWaitUntil: '2026-11-25T00:05:00.000Z' }, now)).toMatchObject({ kind: 'wait', until: new Date('2026-11-25T00:05:01.000Z') });
    expect(documentsGate({ ...base, retryWaitUntil: '2026-11-24T23:00:00.000Z' }, now)).toMatchObject({ kind: 'wait', until: new Date('2026-11-25T00:00:01.000Z') });
    expect(documentsGate({ ...base, retryWaitUntil: null, inFlight: true }, now, 30_000)).toMatchObject({ kind: 'wait', until: new Date('2026-11-25T00:00:30.000Z') });
  });

  it('names the customer file that holds them back', () => {
    expect(documentsGate({ refused, retryWaitUntil: null, inFlight: false, thisRunImported: true }, now)).toEqual({ kind: 'hold', customerFile: refused });
  });
});
