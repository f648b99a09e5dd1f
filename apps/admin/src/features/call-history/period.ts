/**
 * Days of the call history's search and chart. The search takes instants: the admin's days are
 * local days, `to` included (the API's `to` is exclusive). The chart's counts are per UTC day
 * (`GET /calls-per-day`, `to` exclusive): its period is the chosen days, or the last 30.
 */

/** `YYYY-MM-DD` of a date input. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const CHART_DAYS = 30;

function parts(day: string): [number, number, number] | null {
  const match = DAY.exec(day);
  return match ? [Number(match[1]), Number(match[2]) - 1, Number(match[3])] : null;
}

/** Local midnight of a day, as the instant the API takes; undefined for an empty or malformed day. */
export function startOfLocalDay(day: string, plusDays = 0): string | undefined {
  const p = parts(day);
  return p ? new Date(p[0], p[1], p[2] + plusDays).toISOString() : undefined;
}

/** A UTC day `plusDays` after `day`, as `YYYY-MM-DD`. */
export function addUtcDays(day: string, plusDays: number): string {
  const p = parts(day);
  if (!p) throw new Error(`Not a day: ${day}`);
  return new Date(Date.UTC(p[0], p[1], p[2] + plusDays)).toISOString().slice(0, 10);
}

/** The local day of `now` as a date input holds it. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The chart's days: from `from` to `to` (both included), either end defaulting to a 30-day period ending today. */
export function chartPeriod(from: string, to: string, today: string): { from: string; to: string } {
  const last = parts(to) ? to : parts(from) ? maxDay(today, from) : today;
  const first = parts(from) ? from : addUtcDays(last, 1 - CHART_DAYS);
  return { from: first, to: last };
}

function maxDay(a: string, b: string): string {
  return a >= b ? a : b;
}

/** Every day of the period, in order, those the API did not name counted as zero (a day without calls). */
export function everyDay<T extends { day: string }>(from: string, to: string, rows: readonly T[], zero: (day: string) => T): T[] {
  const byDay = new Map(rows.map((row) => [row.day.slice(0, 10), row]));
  const days: T[] = [];
  for (let day = from; day <= to; day = addUtcDays(day, 1)) days.push(byDay.get(day) ?? zero(day));
  return days;
}

/** A UTC day as a chart label: `Nov 3`. */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
