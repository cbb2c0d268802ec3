/**
 * Time left to a complaint's deadline, as the board and the complaint page show it (ticking).
 * Pure functions, no Vue.
 *
 * The API gives `secondsToDeadline` as of its answer; pinned to the browser's clock when the
 * answer arrives (`deadlineAt`), it ticks down without trusting the browser's clock to agree
 * with the server's.
 */

/** Under this many seconds left, the deadline is "soon" (shown in amber). */
export const SOON_SECONDS = 60 * 60

export type DeadlineTone = 'ok' | 'soon' | 'overdue' | 'none'

/** The deadline as a browser timestamp (ms), from the seconds left when the answer arrived. */
export function deadlineAt(secondsToDeadline: number | null | undefined, receivedAt: number): number | null {
  if (secondsToDeadline == null || !Number.isFinite(secondsToDeadline)) return null
  return receivedAt + secondsToDeadline * 1000
}

/** Whole seconds left at `now` (negative when overdue); null without an open deadline. */
export function secondsLeft(deadline: number | null, now: number): number | null {
  if (deadline == null) return null
  const ms = deadline - now
  return ms >= 0 ? Math.floor(ms / 1000) : -Math.ceil(-ms / 1000)
}

export function deadlineTone(seconds: number | null): DeadlineTone {
  if (seconds == null) return 'none'
  if (seconds < 0) return 'overdue'
  return seconds < SOON_SECONDS ? 'soon' : 'ok'
}

export type DurationUnit = 'd' | 'h' | 'm' | 's'
export interface DurationPart {
  unit: DurationUnit
  n: number
}

const DAY = 86_400
const HOUR = 3_600
const MINUTE = 60

/**
 * The two largest units of a duration, as people read a countdown: "2 d 3 h", "3 h 5 min",
 * "12 min 30 s", "45 s". A zero second unit is left out ("2 d", "3 h").
 */
export function durationParts(totalSeconds: number): DurationPart[] {
  const s = Math.abs(Math.trunc(totalSeconds))
  const days = Math.floor(s / DAY)
  const hours = Math.floor((s % DAY) / HOUR)
  const minutes = Math.floor((s % HOUR) / MINUTE)
  const seconds = s % MINUTE
  const pair = (a: DurationPart, b: DurationPart) => (b.n ? [a, b] : [a])
  if (days) return pair({ unit: 'd', n: days }, { unit: 'h', n: hours })
  if (hours) return pair({ unit: 'h', n: hours }, { unit: 'm', n: minutes })
  if (minutes) return pair({ unit: 'm', n: minutes }, { unit: 's', n: seconds })
  return [{ unit: 's', n: seconds }]
}

/** vue-i18n's `t`, or a stand-in in tests. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** "3 h 5 min" with the catalogue's units (`duration.d` … `duration.s`, each "{n} …"). */
export function formatDuration(totalSeconds: number, t: Translate): string {
  return durationParts(totalSeconds)
    .map((part) => t(`duration.${part.unit}`, { n: part.n }))
    .join(' ')
}

/**
 * "3 h 5 min left" / "overdue by 12 min" (`complaints.time.left` / `.overdue`, with {time});
 * null without an open deadline (resolved or closed).
 */
export function formatTimeLeft(seconds: number | null, t: Translate): string | null {
  if (seconds == null) return null
  const time = formatDuration(seconds, t)
  return seconds < 0 ? t('complaints.time.overdue', { time }) : t('complaints.time.left', { time })
}
