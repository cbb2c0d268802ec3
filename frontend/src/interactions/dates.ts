/**
 * Times between `<input type="datetime-local">` (the browser's local time, no zone) and the
 * API's DateTime (ISO 8601 with an offset: the API refuses times without one). Pure functions.
 */

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')

/** A Date as a datetime-local value in the browser's zone, to the minute: "2026-03-05T14:07". */
export function toDateTimeLocal(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  )
}

/** A Date in ISO 8601 with the browser's offset: "2026-03-05T14:07:00+08:00". */
export function toOffsetIso(date: Date): string {
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${toDateTimeLocal(date)}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  )
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** A datetime-local value as an API DateTime; null when empty or not a valid time. */
export function fromDateTimeLocal(value: string | null | undefined): string | null {
  const m = LOCAL.exec((value ?? '').trim())
  if (!m) return null
  const [year, month, day, hours, minutes, seconds] = m.slice(1).map((part) => Number(part ?? 0)) as number[]
  const date = new Date(year!, month! - 1, day!, hours!, minutes!, seconds!)
  // new Date rolls 2026-02-31 over into March: refuse it instead.
  if (date.getMonth() !== month! - 1 || date.getDate() !== day!) return null
  return toOffsetIso(date)
}

/** The next local midnight after `now`: "today" ends there for "My day". */
export function endOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
}

/** True when `iso` is before `now` (an overdue follow-up). */
export function isPast(iso: string | null | undefined, now: Date): boolean {
  if (!iso) return false
  const t = Date.parse(iso)
  return !Number.isNaN(t) && t < now.getTime()
}
