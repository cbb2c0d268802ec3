import { describe, expect, it } from 'vitest'
import { LocalChangeWindow, isSameOrNewer } from './liveUpdates'

describe('isSameOrNewer', () => {
  const current = { id: 'C1', updatedAt: '2026-03-01T10:00:00+00:00' }

  it('takes anything when nothing is shown yet', () => {
    expect(isSameOrNewer(null, current)).toBe(true)
  })
  it('takes the same or a later version', () => {
    expect(isSameOrNewer(current, { id: 'C1', updatedAt: '2026-03-01T10:00:00+00:00' })).toBe(true)
    expect(isSameOrNewer(current, { id: 'C1', updatedAt: '2026-03-01T10:00:00.001+00:00' })).toBe(true)
    expect(isSameOrNewer(current, { id: 'C1', updatedAt: '2026-03-01T18:30:00+08:00' })).toBe(true)
  })
  it('drops an older version and other customers', () => {
    expect(isSameOrNewer(current, { id: 'C1', updatedAt: '2026-03-01T09:59:59+00:00' })).toBe(false)
    expect(isSameOrNewer(current, { id: 'C1', updatedAt: '2026-03-01T17:00:00+08:00' })).toBe(false)
    expect(isSameOrNewer(current, { id: 'C2', updatedAt: '2027-01-01T00:00:00+00:00' })).toBe(false)
  })
  it('takes versions whose stamps it cannot compare', () => {
    expect(isSameOrNewer(current, { id: 'C1', updatedAt: 'garbage' })).toBe(true)
  })
})

describe('LocalChangeWindow', () => {
  it('treats events during and shortly after our own mutation as our echo', () => {
    let now = 1000
    const window = new LocalChangeWindow(3000, () => now)
    expect(window.isLocal()).toBe(false)
    window.begin()
    now += 10_000
    expect(window.isLocal()).toBe(true)
    window.end()
    now += 2999
    expect(window.isLocal()).toBe(true)
    now += 1
    expect(window.isLocal()).toBe(false)
  })
  it('waits for every overlapping mutation', () => {
    let now = 0
    const window = new LocalChangeWindow(100, () => now)
    window.begin()
    window.begin()
    window.end()
    now = 1000
    expect(window.isLocal()).toBe(true)
    window.end()
    now = 1101
    expect(window.isLocal()).toBe(false)
    window.end() // unbalanced: harmless
    now = 2000
    expect(window.isLocal()).toBe(false)
  })
})
