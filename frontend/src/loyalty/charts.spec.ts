import { describe, expect, it } from 'vitest'
import { buildMonthsChart, buildTierBars, parseRange, statsFrom, toRangeQuery, totals } from './charts'
import type { LoyaltyMonth } from './types'

describe('the range', () => {
  it('is read from and written to the URL', () => {
    expect(parseRange({})).toBe(12)
    expect(parseRange({ months: '6' })).toBe(6)
    expect(parseRange({ months: '7' })).toBe(12)
    expect(parseRange({ months: ['24'] })).toBe(24)
    expect(toRangeQuery(12)).toEqual({})
    expect(toRangeQuery(24)).toEqual({ months: '24' })
  })
  it('starts on the first of the month, this month included (UTC)', () => {
    const now = new Date('2026-11-25T10:00:00Z')
    expect(statsFrom(12, now)).toBe('2025-12-01T00:00:00.000Z')
    expect(statsFrom(6, now)).toBe('2026-06-01T00:00:00.000Z')
    expect(statsFrom(1, now)).toBe('2026-11-01T00:00:00.000Z')
  })
})

describe('buildTierBars', () => {
  const counts = [
    { tier: 'Bronze', members: 144 },
    { tier: 'Silver', members: 80 },
    { tier: 'Gold', members: 0 },
    { tier: 'Platinum', members: 1 },
  ]
  it('scales bars to the largest tier and gives each its share', () => {
    const chart = buildTierBars(counts, 600)
    const span = chart.right - chart.left
    const scaled = (n: number) => Math.round(((span * n) / 144) * 10) / 10
    expect(chart.bars.map((b) => b.width)).toEqual([span, scaled(80), 0, Math.max(2, scaled(1))])
    // a tier of one member among many is still seen
    expect(buildTierBars([{ tier: 'A', members: 1000 }, { tier: 'B', members: 1 }], 600).bars[1]!.width).toBe(2)
    expect(chart.bars.map((b) => b.share)).toEqual([64, 35.6, 0, 0.4])
    expect(chart.bars.map((b) => b.y)).toEqual([0, 34, 68, 102])
    expect(chart.height).toBe(4 * 34)
  })
  it('keeps room for names and counts on a phone', () => {
    const chart = buildTierBars(counts, 300)
    expect(chart.left).toBeLessThan(chart.right)
    expect(chart.width).toBe(300)
  })
  it('draws nothing without members', () => {
    expect(buildTierBars([{ tier: 'Bronze', members: 0 }], 500).bars[0]).toMatchObject({ width: 0, share: 0 })
  })
})

const months: LoyaltyMonth[] = [
  { month: '2026-09-01', earned: 800, redeemed: 100, expired: 0 },
  { month: '2026-10-01', earned: 1000, redeemed: 150, expired: 50 },
  { month: '2026-11-01', earned: 0, redeemed: 0, expired: 0 },
]

describe('buildMonthsChart', () => {
  it('adds up the range', () => {
    expect(totals(months)).toEqual({ earned: 1800, redeemed: 250, expired: 50 })
  })

  it('draws earned above and redeemed + expired below one zero line, on one scale', () => {
    const chart = buildMonthsChart(months, 600, 240)
    // up to 1000 above, 200 below (nice ceilings of 1000 and 200): the line at 1000/1200 of the height
    const plot = chart.bottom - chart.top
    expect(chart.zero).toBeCloseTo(chart.top + (plot * 1000) / 1200, 0)
    const oct = chart.bars[1]!
    expect(oct.earned.y + oct.earned.height).toBeCloseTo(chart.zero, 0)
    expect(oct.earned.height).toBeCloseTo(chart.zero - chart.top, 0)
    expect(oct.redeemed.y).toBe(chart.zero)
    expect(oct.expired.y).toBeCloseTo(chart.zero + oct.redeemed.height, 0)
    expect(oct.redeemed.height + oct.expired.height).toBeCloseTo(chart.bottom - chart.zero, 0)
    expect(chart.bars[2]!.earned.height).toBe(0)
    expect(chart.grid.map((g) => g.value)).toEqual([1000, 500, 0, -200])
  })

  it('puts bars in their month’s slot, left to right', () => {
    const chart = buildMonthsChart(months, 600)
    const xs = chart.bars.map((b) => b.x)
    expect(xs).toEqual([...xs].sort((a, b) => a - b))
    expect(chart.bars[0]!.x).toBeGreaterThanOrEqual(chart.left)
    expect(chart.bars[2]!.x + chart.bars[2]!.width).toBeLessThanOrEqual(chart.right)
  })

  it('thins month labels on a phone', () => {
    const year = Array.from({ length: 24 }, (_, i) => ({ month: `20${25 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`, earned: 10, redeemed: 1, expired: 0 }))
    const chart = buildMonthsChart(year, 300)
    expect(chart.labels.length).toBeLessThan(24)
    expect(chart.labels[chart.labels.length - 1]!.month).toBe(year[23]!.month)
  })

  it('has a zero line at the bottom when nothing went out', () => {
    const chart = buildMonthsChart([{ month: '2026-11-01', earned: 5, redeemed: 0, expired: 0 }], 400)
    expect(chart.zero).toBe(chart.bottom)
  })
})
