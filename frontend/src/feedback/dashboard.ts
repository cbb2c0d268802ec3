/**
 * The feedback dashboard (/feedback/dashboard): its URL state (range, grouping, channel, segment),
 * the segment picker's options, and the maths of the NPS/CSAT trend chart (scaling, gaps where a
 * period has no answers, label thinning). Pure functions, no Vue.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { CHANNELS, type Channel } from '@/interactions/types'

export const DASHBOARD_RANGES = [30, 90, 365] as const
export type DashboardRange = (typeof DASHBOARD_RANGES)[number]
export const STATS_PERIODS = ['WEEK', 'MONTH'] as const
export type StatsPeriod = (typeof STATS_PERIODS)[number]

export interface DashboardState {
  days: DashboardRange
  groupBy: StatsPeriod
  channel: Channel | null
  /** Only feedback of this segment's current members; null: all customers. */
  segmentId: string | null
}

export const DEFAULT_DASHBOARD: DashboardState = { days: 90, groupBy: 'WEEK', channel: null, segmentId: null }

function raw(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v.trim() : ''
}

function first(value: LocationQuery[string] | undefined): string {
  return raw(value).toUpperCase()
}

/**
 * A segment's global id as the URL carries it, or null for anything else: the API would refuse
 * the whole query for an id that is not a Segment's, so a mangled link shows all customers.
 */
export function parseSegmentId(value: string): string | null {
  const id = value.trim()
  if (!id || id.length > 200) return null
  try {
    return /^Segment:\d+$/.test(atob(id)) ? id : null
  } catch {
    return null
  }
}

export function parseDashboardQuery(query: LocationQuery): DashboardState {
  const days = Number(first(query.range))
  const groupBy = first(query.group) as StatsPeriod
  const channel = first(query.channel) as Channel
  return {
    days: (DASHBOARD_RANGES as readonly number[]).includes(days) ? (days as DashboardRange) : DEFAULT_DASHBOARD.days,
    groupBy: STATS_PERIODS.includes(groupBy) ? groupBy : DEFAULT_DASHBOARD.groupBy,
    channel: CHANNELS.includes(channel) ? channel : null,
    segmentId: parseSegmentId(raw(query.segment)),
  }
}

/** Only what differs from the defaults goes in the URL. */
export function toDashboardQuery(state: DashboardState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.days !== DEFAULT_DASHBOARD.days) query.range = String(state.days)
  if (state.groupBy !== DEFAULT_DASHBOARD.groupBy) query.group = state.groupBy
  if (state.channel) query.channel = state.channel
  if (state.segmentId) query.segment = state.segmentId
  return query
}

/** The last `days` days up to the end of today (local time): [from, to). */
export function dashboardVariables(state: DashboardState, now: Date = new Date()) {
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - state.days)
  return { from: from.toISOString(), to: to.toISOString(), groupBy: state.groupBy, channel: state.channel, segmentId: state.segmentId }
}

// ---------- Segment picker ----------

export interface SegmentChoice {
  id: string
  name: string
  memberCount: number
}

/** One option of the picker; `name` null: the segment of the URL, not (or not yet) among those listed. */
export interface SegmentOption {
  id: string
  name: string | null
  memberCount: number | null
}

/** Segments per request (the API's page cap), and at most this many pages for the picker. */
export const SEGMENT_PAGE_SIZE = 100
export const SEGMENT_PAGES = 5

export interface SegmentPage {
  nodes: SegmentChoice[]
  hasNextPage: boolean
  endCursor: string | null
}

/** Every segment, by name, page after page (at most SEGMENT_PAGES pages). */
export async function collectSegments(fetchPage: (after: string | null) => Promise<SegmentPage>): Promise<SegmentChoice[]> {
  const all: SegmentChoice[] = []
  let after: string | null = null
  for (let page = 0; page < SEGMENT_PAGES; page++) {
    const result = await fetchPage(after)
    all.push(...result.nodes)
    if (!result.hasNextPage || !result.endCursor) break
    after = result.endCursor
  }
  return all
}

/**
 * The picker's segments ("All customers" is the template's own first option). A segment named by
 * the URL but not listed (deleted, or beyond the pages loaded; or the list still loading) stays
 * selectable, without a name, so the select shows what the figures are for.
 */
export function segmentOptions(segments: readonly SegmentChoice[] | null, selected: string | null): SegmentOption[] {
  const options: SegmentOption[] = (segments ?? []).map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount }))
  if (selected && !options.some((o) => o.id === selected)) options.unshift({ id: selected, name: null, memberCount: null })
  return options
}

// ---------- Chart maths ----------

/** Map `value` in [min, max] onto [bottom, top] pixels (SVG y grows downwards); clamped. */
export function scaleY(value: number, min: number, max: number, top: number, bottom: number): number {
  const clamped = Math.min(max, Math.max(min, value))
  return bottom - ((clamped - min) / (max - min)) * (bottom - top)
}

/** The centre of slot `index` of `count` equal slots between left and right. */
export function slotX(index: number, count: number, left: number, right: number): number {
  if (count <= 0) return left
  const width = (right - left) / count
  return left + width * (index + 0.5)
}

export interface ChartPoint {
  index: number
  x: number
  y: number
  value: number
}

/**
 * SVG path data for a line through the points, broken where a value is null (a period without
 * answers): one "M … L …" run per unbroken stretch. A lone point makes no path (drawn as a dot).
 */
export function linePath(points: (ChartPoint | null)[]): string {
  const runs: ChartPoint[][] = []
  let run: ChartPoint[] = []
  for (const point of points) {
    if (point) run.push(point)
    else if (run.length) {
      runs.push(run)
      run = []
    }
  }
  if (run.length) runs.push(run)
  return runs
    .filter((r) => r.length > 1)
    .map((r) => r.map((p, i) => `${i ? 'L' : 'M'}${round(p.x)} ${round(p.y)}`).join(' '))
    .join(' ')
}

/** Which of `count` labels to show when at most `max` fit: every n-th, always the last one. */
export function thinLabels(count: number, max: number): number[] {
  if (count <= 0) return []
  const limit = Math.max(1, Math.floor(max))
  if (count <= limit) return Array.from({ length: count }, (_, i) => i)
  const step = Math.ceil(count / limit)
  const shown: number[] = []
  for (let i = count - 1; i >= 0; i -= step) shown.unshift(i)
  return shown
}

export interface TrendInput {
  start: string
  nps: number | null
  csat: number | null
}

export interface ChartLayout {
  width: number
  height: number
  top: number
  bottom: number
  left: number
  right: number
}

export interface TrendChart {
  layout: ChartLayout
  nps: { points: ChartPoint[]; path: string }
  csat: { points: ChartPoint[]; path: string }
  /** Horizontal grid lines: y with the NPS (left) and CSAT (right) value there. */
  grid: { y: number; nps: number; csat: number }[]
  /** The period labels shown (thinned to fit). */
  labels: { index: number; x: number; start: string }[]
  slotWidth: number
}

export const NPS_RANGE = [-100, 100] as const
export const CSAT_RANGE = [0, 100] as const

/** Room for a period label, in px: thinning keeps labels at least this far apart. */
export const LABEL_WIDTH = 56

export function chartLayout(width: number, height = 240): ChartLayout {
  const w = Math.max(240, Math.round(width))
  return { width: w, height, top: 14, bottom: height - 28, left: 40, right: w - 44 }
}

export function buildTrendChart(trend: TrendInput[], width: number, height?: number): TrendChart {
  const layout = chartLayout(width, height)
  const { top, bottom, left, right } = layout
  const count = trend.length
  const point = (value: number | null, index: number, [min, max]: readonly [number, number]): ChartPoint | null =>
    value == null || !Number.isFinite(value) ? null : { index, value, x: slotX(index, count, left, right), y: scaleY(value, min, max, top, bottom) }
  const npsPoints = trend.map((p, i) => point(p.nps, i, NPS_RANGE))
  const csatPoints = trend.map((p, i) => point(p.csat, i, CSAT_RANGE))
  const slotWidth = count ? (right - left) / count : right - left
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    y: scaleY(f, 0, 1, top, bottom),
    nps: NPS_RANGE[0] + f * (NPS_RANGE[1] - NPS_RANGE[0]),
    csat: CSAT_RANGE[0] + f * (CSAT_RANGE[1] - CSAT_RANGE[0]),
  }))
  const labels = thinLabels(count, (right - left) / LABEL_WIDTH).map((index) => ({
    index,
    x: slotX(index, count, left, right),
    start: trend[index]!.start,
  }))
  return {
    layout,
    nps: { points: npsPoints.filter((p): p is ChartPoint => !!p), path: linePath(npsPoints) },
    csat: { points: csatPoints.filter((p): p is ChartPoint => !!p), path: linePath(csatPoints) },
    grid,
    labels,
    slotWidth,
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}
