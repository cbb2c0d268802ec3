import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import {
  DEFAULT_DASHBOARD,
  SEGMENT_PAGES,
  buildTrendChart,
  chartLayout,
  collectSegments,
  dashboardVariables,
  linePath,
  parseDashboardQuery,
  parseSegmentId,
  scaleY,
  segmentOptions,
  slotX,
  thinLabels,
  toDashboardQuery,
  type ChartPoint,
  type SegmentPage,
} from './dashboard'
import { FEEDBACK_DASHBOARD_SEGMENTS, FEEDBACK_STATS } from './operations'

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

const VIP = 'U2VnbWVudDoz' // Segment:3
const NEW_CUSTOMERS = 'U2VnbWVudDoxMg==' // Segment:12

describe('dashboard URL state', () => {
  it('reads range, grouping and channel, ignoring junk', () => {
    expect(parseDashboardQuery({ range: '30', group: 'month', channel: 'wechat' })).toEqual({ days: 30, groupBy: 'MONTH', channel: 'WECHAT', segmentId: null })
    expect(parseDashboardQuery({ range: '7', group: 'DAY', channel: 'PIGEON' })).toEqual({ days: 90, groupBy: 'WEEK', channel: null, segmentId: null })
  })
  it('writes only what differs from the defaults', () => {
    expect(toDashboardQuery(DEFAULT_DASHBOARD)).toEqual({})
    expect(toDashboardQuery({ days: 365, groupBy: 'MONTH', channel: 'EMAIL', segmentId: null })).toEqual({ range: '365', group: 'MONTH', channel: 'EMAIL' })
  })
  it('asks for the last N days up to the end of today', () => {
    const vars = dashboardVariables({ ...DEFAULT_DASHBOARD, days: 30 }, new Date(2026, 2, 10, 15, 30))
    expect(new Date(vars.to).getTime()).toBe(new Date(2026, 2, 11).getTime())
    expect(new Date(vars.from).getTime()).toBe(new Date(2026, 1, 9).getTime())
    expect(vars.groupBy).toBe('WEEK')
  })
})

describe('dashboard segment', () => {
  it('is all customers unless the URL names a segment', () => {
    expect(parseDashboardQuery({}).segmentId).toBeNull()
    expect(parseDashboardQuery({ segment: '' }).segmentId).toBeNull()
    expect(toDashboardQuery(parseDashboardQuery({}))).toEqual({})
  })

  it('round-trips the segment through the URL, its id untouched (ids are case-sensitive)', () => {
    const state = { ...DEFAULT_DASHBOARD, segmentId: NEW_CUSTOMERS }
    const query = toDashboardQuery(state)
    expect(query).toEqual({ segment: NEW_CUSTOMERS })
    expect(parseDashboardQuery(query as Record<string, string>)).toEqual(state)
    const shared = { range: '30', group: 'MONTH', channel: 'WECHAT', segment: VIP }
    expect(toDashboardQuery(parseDashboardQuery(shared))).toEqual(shared)
  })

  it('takes the first of repeated segments', () => {
    expect(parseDashboardQuery({ segment: [VIP, NEW_CUSTOMERS] }).segmentId).toBe(VIP)
  })

  it('shows all customers for an id that is not a segment’s (the API would refuse the whole query)', () => {
    expect(parseSegmentId('Q3VzdG9tZXI6Mw==')).toBeNull() // Customer:3
    expect(parseSegmentId('u2vnbwvudDoz')).toBeNull() // a mangled case
    expect(parseSegmentId('not base64!')).toBeNull()
    expect(parseSegmentId('U2VnbWVudDphYmM=')).toBeNull() // Segment:abc
    expect(parseSegmentId(` ${VIP} `)).toBe(VIP)
    expect(parseDashboardQuery({ segment: 'Q3VzdG9tZXI6Mw==' }).segmentId).toBeNull()
  })

  it('asks feedbackStats for the segment, or for everybody', () => {
    expect(dashboardVariables({ ...DEFAULT_DASHBOARD, segmentId: VIP }).segmentId).toBe(VIP)
    expect(dashboardVariables(DEFAULT_DASHBOARD).segmentId).toBeNull()
  })

  it('builds variables the API accepts', () => {
    expect(variableErrors(FEEDBACK_STATS, dashboardVariables({ ...DEFAULT_DASHBOARD, segmentId: VIP, channel: 'WECHAT' }))).toEqual([])
    expect(variableErrors(FEEDBACK_STATS, dashboardVariables(DEFAULT_DASHBOARD))).toEqual([])
    expect(variableErrors(FEEDBACK_DASHBOARD_SEGMENTS, { first: 100, after: null })).toEqual([])
  })
})

describe('segment picker', () => {
  const vip = { id: VIP, name: 'VIP', memberCount: 42 }
  const newcomers = { id: NEW_CUSTOMERS, name: 'New customers', memberCount: 7 }

  it('lists the segments as loaded', () => {
    expect(segmentOptions([vip, newcomers], null)).toEqual([vip, newcomers])
    expect(segmentOptions([vip, newcomers], VIP)).toEqual([vip, newcomers])
    expect(segmentOptions(null, null)).toEqual([])
  })

  it('keeps a segment of the URL that is not listed, without a name', () => {
    const gone = 'U2VnbWVudDo5OQ==' // Segment:99
    expect(segmentOptions([vip], gone)).toEqual([{ id: gone, name: null, memberCount: null }, vip])
    expect(segmentOptions(null, VIP)).toEqual([{ id: VIP, name: null, memberCount: null }])
  })

  it('loads every page, and stops after the last', async () => {
    const pages: Record<string, SegmentPage> = {
      start: { nodes: [vip], hasNextPage: true, endCursor: 'c1' },
      c1: { nodes: [newcomers], hasNextPage: false, endCursor: 'c2' },
    }
    const asked: (string | null)[] = []
    const all = await collectSegments(async (after) => {
      asked.push(after)
      return pages[after ?? 'start']!
    })
    expect(all).toEqual([vip, newcomers])
    expect(asked).toEqual([null, 'c1'])
  })

  it('stops after a bounded number of pages', async () => {
    let calls = 0
    const all = await collectSegments(async () => {
      calls++
      return { nodes: [vip], hasNextPage: true, endCursor: `c${calls}` }
    })
    expect(calls).toBe(SEGMENT_PAGES)
    expect(all).toHaveLength(SEGMENT_PAGES)
  })
})
