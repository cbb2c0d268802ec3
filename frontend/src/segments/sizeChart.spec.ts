import { describe, expect, it } from 'vitest'
import { buildSizeChart, historyFrom, niceCeiling, sparkline, thinLabels, utcDay } from './sizeChart'

const days = (sizes: number[]) => sizes.map((size, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, size }))

describe('history days', () => {
  it('counts UTC days, today included', () => {
    const now = new Date('2026-11-25T23:30:00+08:00') // 15:30 UTC
    expect(utcDay(now)).toBe('2026-11-25')
    expect(historyFrom(30, now)).toBe('2026-10-27')
    expect(historyFrom(1, now)).toBe('2026-11-25')
    expect(historyFrom(90, new Date('2026-03-01T01:00:00Z'))).toBe('2025-12-02')
  })
})

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 × 10ⁿ', () => {
    expect(niceCeiling(0)).toBe(1)
    expect(niceCeiling(1)).toBe(1)
    expect(niceCeiling(3)).toBe(5)
    expect(niceCeiling(11)).toBe(20)
    expect(niceCeiling(96)).toBe(100)
    expect(niceCeiling(100)).toBe(100)
    expect(niceCeiling(501)).toBe(1000)
  })
})

describe('sparkline', () => {
  it('scales between the smallest and the largest size', () => {
    const s = sparkline(days([10, 20, 15]), 100, 30, 5)
    expect(s.path).toBe('M5 25 L50 5 L95 15')
    expect(s.area).toBe('M5 25 L50 5 L95 15 L95 25 L5 25 Z')
    expect(s.last).toEqual({ x: 95, y: 15 })
    expect([s.first, s.latest, s.min, s.max]).toEqual([10, 15, 10, 20])
  })
  it('draws equal sizes as a flat line in the middle', () => {
    expect(sparkline(days([4, 4]), 100, 30, 5).path).toBe('M5 15 L95 15')
  })
  it('draws nothing without days, a dot for one', () => {
    const none = sparkline([], 100, 30)
    expect([none.path, none.area, none.last, none.latest]).toEqual(['', '', null, null])
    const one = sparkline(days([7]), 100, 30, 5)
    expect(one.area).toBe('')
    expect(one.last).toEqual({ x: 95, y: 15 })
  })
})

describe('buildSizeChart', () => {
  it('puts 0 at the bottom and a round number at the top', () => {
    const chart = buildSizeChart(days([0, 48, 96]), 400, 200)
    expect(chart.grid.map((g) => g.value)).toEqual([0, 25, 50, 75, 100])
    expect(chart.grid[0]!.y).toBe(chart.bottom)
    expect(chart.grid[4]!.y).toBe(chart.top)
    expect(chart.points.map((p) => p.x)).toEqual([chart.left, (chart.left + chart.right) / 2, chart.right])
    expect(chart.path.startsWith(`M${chart.left} ${chart.bottom}`)).toBe(true)
  })
  it('keeps whole numbers on the axis of a small segment', () => {
    expect(buildSizeChart(days([1, 2]), 400).grid.map((g) => g.value)).toEqual([0, 1, 2])
  })
  it('thins the day labels to fit, keeping the last', () => {
    const ninety = Array.from({ length: 90 }, (_, i) => ({ day: `d${i}`, size: i }))
    const narrow = buildSizeChart(ninety, 360)
    expect(narrow.labels.length).toBeLessThanOrEqual(5)
    expect(narrow.labels.at(-1)!.day).toBe('d89')
    expect(buildSizeChart(ninety, 100).width).toBe(240)
  })
  it('thinLabels', () => {
    expect(thinLabels(0, 4)).toEqual([])
    expect(thinLabels(3, 4)).toEqual([0, 1, 2])
    expect(thinLabels(10, 3)).toEqual([1, 5, 9])
  })
})
