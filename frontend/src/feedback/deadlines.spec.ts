import { describe, expect, it } from 'vitest'
import { deadlineAt, deadlineTone, durationParts, formatDuration, formatTimeLeft, secondsLeft, type Translate } from './deadlines'

/** A stand-in for vue-i18n's t with the English catalogue's shapes. */
const MESSAGES: Record<string, string> = {
  'duration.d': '{n} d',
  'duration.h': '{n} h',
  'duration.m': '{n} min',
  'duration.s': '{n} s',
  'complaints.time.left': '{time} left',
  'complaints.time.overdue': 'Overdue by {time}',
}
const t: Translate = (key, params = {}) =>
  (MESSAGES[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))

describe('deadlineAt / secondsLeft', () => {
  it('pins the seconds left to the browser clock when the answer arrived, then counts down', () => {
    const at = deadlineAt(90, 1_000_000)
    expect(at).toBe(1_090_000)
    expect(secondsLeft(at, 1_000_000)).toBe(90)
    expect(secondsLeft(at, 1_000_999)).toBe(89)
    expect(secondsLeft(at, 1_090_000)).toBe(0)
  })
  it('goes negative past the deadline (whole seconds, rounded away from zero)', () => {
    const at = deadlineAt(0, 5_000)
    expect(secondsLeft(at, 5_001)).toBe(-1)
    expect(secondsLeft(at, 7_000)).toBe(-2)
    expect(deadlineAt(-600, 0)).toBe(-600_000)
  })
  it('has no deadline once resolved or closed', () => {
    expect(deadlineAt(null, 1)).toBeNull()
    expect(deadlineAt(undefined, 1)).toBeNull()
    expect(secondsLeft(null, 1)).toBeNull()
  })
})

describe('deadlineTone', () => {
  it('is ok, soon under an hour, overdue past it, none without a deadline', () => {
    expect(deadlineTone(7200)).toBe('ok')
    expect(deadlineTone(3600)).toBe('ok')
    expect(deadlineTone(3599)).toBe('soon')
    expect(deadlineTone(0)).toBe('soon')
    expect(deadlineTone(-1)).toBe('overdue')
    expect(deadlineTone(null)).toBe('none')
  })
})

describe('durationParts', () => {
  it('keeps the two largest units, leaving out a zero second one', () => {
    expect(durationParts(2 * 86_400 + 3 * 3600 + 59)).toEqual([{ unit: 'd', n: 2 }, { unit: 'h', n: 3 }])
    expect(durationParts(86_400)).toEqual([{ unit: 'd', n: 1 }])
    expect(durationParts(3 * 3600 + 5 * 60 + 7)).toEqual([{ unit: 'h', n: 3 }, { unit: 'm', n: 5 }])
    expect(durationParts(3600)).toEqual([{ unit: 'h', n: 1 }])
    expect(durationParts(12 * 60 + 30)).toEqual([{ unit: 'm', n: 12 }, { unit: 's', n: 30 }])
    expect(durationParts(45)).toEqual([{ unit: 's', n: 45 }])
    expect(durationParts(0)).toEqual([{ unit: 's', n: 0 }])
  })
  it('reads an overdue (negative) duration by its size', () => {
    expect(durationParts(-(3600 + 120))).toEqual([{ unit: 'h', n: 1 }, { unit: 'm', n: 2 }])
  })
})

describe('formatTimeLeft', () => {
  it('says how long is left', () => {
    expect(formatTimeLeft(3 * 3600 + 5 * 60, t)).toBe('3 h 5 min left')
    expect(formatTimeLeft(26 * 3600, t)).toBe('1 d 2 h left')
    expect(formatTimeLeft(59, t)).toBe('59 s left')
  })
  it('says how long it is overdue', () => {
    expect(formatTimeLeft(-12 * 60, t)).toBe('Overdue by 12 min')
    expect(formatTimeLeft(-1, t)).toBe('Overdue by 1 s')
  })
  it('says nothing without an open deadline', () => {
    expect(formatTimeLeft(null, t)).toBeNull()
  })
  it('formats a bare duration with the catalogue units', () => {
    expect(formatDuration(90, t)).toBe('1 min 30 s')
  })
})
