import { describe, expect, it } from 'vitest'
import { endOfLocalDay, fromDateTimeLocal, isPast, toDateTimeLocal, toOffsetIso } from './dates'

// These hold in any time zone the tests run in: local times are built with the local Date API.
const OFFSET_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/

describe('toDateTimeLocal', () => {
  it('formats the local wall time to the minute, zero-padded', () => {
    expect(toDateTimeLocal(new Date(2026, 2, 5, 9, 7, 59))).toBe('2026-03-05T09:07')
    expect(toDateTimeLocal(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31T23:59')
  })
})

describe('toOffsetIso', () => {
  it('keeps the local wall time and states the offset', () => {
    const date = new Date(2026, 0, 2, 3, 4, 5)
    const iso = toOffsetIso(date)
    expect(iso).toMatch(OFFSET_ISO)
    expect(iso.startsWith('2026-01-02T03:04:05')).toBe(true)
    expect(Date.parse(iso)).toBe(date.getTime())
  })
})

describe('fromDateTimeLocal', () => {
  it('turns a datetime-local value into the same instant with an offset', () => {
    const iso = fromDateTimeLocal('2026-03-05T14:07')
    expect(iso).toMatch(OFFSET_ISO)
    expect(Date.parse(iso!)).toBe(new Date(2026, 2, 5, 14, 7).getTime())
    expect(Date.parse(fromDateTimeLocal('2026-03-05T14:07:30')!)).toBe(new Date(2026, 2, 5, 14, 7, 30).getTime())
  })

  it('gives null for empty or impossible values', () => {
    expect(fromDateTimeLocal('')).toBeNull()
    expect(fromDateTimeLocal(null)).toBeNull()
    expect(fromDateTimeLocal('   ')).toBeNull()
    expect(fromDateTimeLocal('2026-03-05')).toBeNull()
    expect(fromDateTimeLocal('2026-02-31T10:00')).toBeNull()
    expect(fromDateTimeLocal('tomorrow')).toBeNull()
  })
})

describe('endOfLocalDay', () => {
  it('is the next local midnight', () => {
    expect(endOfLocalDay(new Date(2026, 4, 17, 15, 30)).getTime()).toBe(new Date(2026, 4, 18).getTime())
    expect(endOfLocalDay(new Date(2026, 11, 31, 0, 0)).getTime()).toBe(new Date(2027, 0, 1).getTime())
  })
})

describe('isPast', () => {
  const now = new Date('2026-05-17T10:00:00Z')
  it('compares with now; missing or unparseable times are not past', () => {
    expect(isPast('2026-05-17T09:59:59Z', now)).toBe(true)
    expect(isPast('2026-05-17T10:00:00Z', now)).toBe(false)
    expect(isPast(null, now)).toBe(false)
    expect(isPast('soon', now)).toBe(false)
  })
})
