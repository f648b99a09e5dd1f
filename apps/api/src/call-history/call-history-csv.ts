import type { KeptCallRecord } from '@ccp/db';
import { csvLine, UTF8_BOM } from '@ccp/imports';
import { type CallEvent, callParties, displayNumber } from '@ccp/policy-core';

/** The columns of the auditors' CSV (HIS-3): one row a call. */
export const CALL_HISTORY_CSV_HEADER = [
  'Call id',
  'Started',
  'Ended',
  'Status',
  'Kind',
  'Number',
  'Queues',
  'Employees',
  'Outcome',
  'Rules',
  'Consent status',
  'Region',
];

/**
 * Every call of `calls` as CSV rows, one chunk per 500 rows so the answer streams with flat memory.
 * Numbers in their display form (`(415) 555-0100`), which no spreadsheet runs as a formula; every
 * cell is made formula-safe by `csvLine` (call ids and employee ids come from the telephony side).
 */
export async function* callHistoryCsv(calls: AsyncIterable<KeptCallRecord>): AsyncGenerator<string, void, undefined> {
  yield UTF8_BOM + csvLine(CALL_HISTORY_CSV_HEADER);
  let chunk = '';
  let rows = 0;
  for await (const call of calls) {
    chunk += csvLine(callRow(call));
    if (++rows % 500 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function callRow(call: KeptCallRecord): string[] {
  // Every queue and employee the call met: its own, and those its events name.
  const parties = callParties(
    call.call,
    call.steps.map((step) => step.answer.event as unknown as CallEvent),
  );
  return [
    call.callId,
    call.startedAt.toISOString(),
    call.endedAt.toISOString(),
    call.status,
    call.call.kind,
    call.call.customer ? displayNumber(call.call.customer) : '',
    parties.queues.join(' '),
    parties.employees.join(' '),
    call.outcome,
    call.rules.join(' '),
    call.consent.status,
    call.consent.region ?? '',
  ];
}

export function callHistoryFileName(accountSlug: string, date: Date): string {
  return `call-history-${accountSlug}-${date.toISOString().slice(0, 10)}.csv`;
}
