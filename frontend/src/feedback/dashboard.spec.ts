import { describe, expect, it } from 'vitest'
import {
  buildTrendChart,
  chartLayout,
  dashboardVariables,
  linePath,
  parseDashboardQuery,
  scaleY,
  slotX,
  thinLabels,
  toDashboardQuery,
  type ChartPoint,
} from './dashboard'

describe('scaleY', () => {
  it('maps the range onto bottom..top', () => {
    expect(scaleY(-100, -100, 100, 10, 210)).toBe(210)
    expect(scaleY(100, -100, 100, 10, 210)).toBe(10)
    expect(scaleY(0, -100, 100, 10, 210)).toBe(110)
    expect(scaleY(75, 0, 100, 0, 200)).toBe(50)
  })
  it('clamps values outside the range', () => {
    expect(scaleY(150, 0, 100, 0, 200)).toBe(0)
    expect(scaleY(-5, 0, 100, 0, 200)).toBe(200)
  })
})

describe('slotX', () => {
  it('puts each period in the middle of its slot', () => {
    expect(slotX(0, 4, 0, 400)).toBe(50)
    expect(slotX(3, 4, 0, 400)).toBe(350)
    expect(slotX(0, 1, 40, 240)).toBe(140)
  })
})

describe('linePath', () => {
  const p = (index: number, x: number, y: number): ChartPoint => ({ index, x, y, value: 0 })
  it('joins consecutive points', () => {
    expect(linePath([p(0, 0, 10), p(1, 10, 20), p(2, 20, 5)])).toBe('M0 10 L10 20 L20 5')
  })
  it('leaves a gap where a period has no answers', () => {
    expect(linePath([p(0, 0, 10), p(1, 10, 20), null, p(3, 30, 5), p(4, 40, 6)])).toBe('M0 10 L10 20 M30 5 L40 6')
  })
  it('draws no line for a lone point or none', () => {
    expect(linePath([p(0, 0, 10), null, p(2, 20, 5)])).toBe('')
    expect(linePath([null, null])).toBe('')
    expect(linePath([])).toBe('')
  })
})

describe('thinLabels', () => {
  it('keeps every label when they fit', () => {
    expect(thinLabels(4, 10)).toEqual([0, 1, 2, 3])
    expect(thinLabels(0, 10)).toEqual([])
  })
  it('keeps every n-th label, ending on the last', () => {
    expect(thinLabels(13, 5)).toEqual([0, 3, 6, 9, 12])
    expect(thinLabels(10, 4)).toEqual([0, 3, 6, 9])
    expect(thinLabels(11, 4)).toEqual([1, 4, 7, 10])
    expect(thinLabels(53, 5).length).toBeLessThanOrEqual(5)
    expect(thinLabels(53, 5).at(-1)).toBe(52)
  })
  it('shows at least one label', () => {
    expect(thinLabels(5, 0.3)).toEqual([4])
  })
})

describe('buildTrendChart', () => {
  const trend = [
    { start: '2026-01-05', nps: 50, csat: 80 },
    { start: '2026-01-12', nps: null, csat: null },
    { start: '2026-01-19', nps: -100, csat: 100 },
    { start: '2026-01-26', nps: 100, csat: 0 },
  ]
  it('scales NPS on -100..100 and CSAT on 0..100, skipping empty periods', () => {
    const chart = buildTrendChart(trend, 640)
    const { top, bottom } = chart.layout
    expect(chart.nps.points.map((pt) => pt.index)).toEqual([0, 2, 3])
    expect(chart.nps.points[1]!.y).toBe(bottom)
    expect(chart.nps.points[2]!.y).toBe(top)
    expect(chart.csat.points[0]!.y).toBeCloseTo(bottom - 0.8 * (bottom - top))
    expect(chart.nps.path.match(/M/g)).toHaveLength(1)
  })
  it('lines the grid up: NPS 0 is CSAT 50', () => {
    const chart = buildTrendChart(trend, 640)
    expect(chart.grid.map((g) => [g.nps, g.csat])).toEqual([
      [-100, 0],
      [-50, 25],
      [0, 50],
      [50, 75],
      [100, 100],
    ])
    expect(chart.grid[0]!.y).toBe(chart.layout.bottom)
  })
  it('thins labels on a phone', () => {
    const weeks = Array.from({ length: 53 }, (_, i) => ({ start: `w${i}`, nps: i, csat: i }))
    const wide = buildTrendChart(weeks, 1100)
    const narrow = buildTrendChart(weeks, 340)
    expect(narrow.labels.length).toBeLessThan(wide.labels.length)
    expect(narrow.labels.at(-1)!.start).toBe('w52')
    const gaps = narrow.labels.slice(1).map((l, i) => l.x - narrow.labels[i]!.x)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50)
  })
  it('never gets narrower than its minimum', () => {
    expect(chartLayout(100).width).toBe(240)
  })
})

describe('dashboard URL state', () => {
  it('reads range, grouping and channel, ignoring junk', () => {
    expect(parseDashboardQuery({ range: '30', group: 'month', channel: 'wechat' })).toEqual({ days: 30, groupBy: 'MONTH', channel: 'WECHAT' })
    expect(parseDashboardQuery({ range: '7', group: 'DAY', channel: 'PIGEON' })).toEqual({ days: 90, groupBy: 'WEEK', channel: null })
  })
  it('writes only what differs from the defaults', () => {
    expect(toDashboardQuery({ days: 90, groupBy: 'WEEK', channel: null })).toEqual({})
    expect(toDashboardQuery({ days: 365, groupBy: 'MONTH', channel: 'EMAIL' })).toEqual({ range: '365', group: 'MONTH', channel: 'EMAIL' })
  })
  it('asks for the last N days up to the end of today', () => {
    const vars = dashboardVariables({ days: 30, groupBy: 'WEEK', channel: null }, new Date(2026, 2, 10, 15, 30))
    expect(new Date(vars.to).getTime()).toBe(new Date(2026, 2, 11).getTime())
    expect(new Date(vars.from).getTime()).toBe(new Date(2026, 1, 9).getTime())
    expect(vars.groupBy).toBe('WEEK')
  })
})
