/**
 * The feedback dashboard (/feedback/dashboard): its URL state (range, grouping, channel) and the
 * maths of the NPS/CSAT trend chart (scaling, gaps where a period has no answers, label thinning).
 * Pure functions, no Vue.
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
}

export const DEFAULT_DASHBOARD: DashboardState = { days: 90, groupBy: 'WEEK', channel: null }

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v.trim().toUpperCase() : ''
}

export function parseDashboardQuery(query: LocationQuery): DashboardState {
  const days = Number(first(query.range))
  const groupBy = first(query.group) as StatsPeriod
  const channel = first(query.channel) as Channel
  return {
    days: (DASHBOARD_RANGES as readonly number[]).includes(days) ? (days as DashboardRange) : DEFAULT_DASHBOARD.days,
    groupBy: STATS_PERIODS.includes(groupBy) ? groupBy : DEFAULT_DASHBOARD.groupBy,
    channel: CHANNELS.includes(channel) ? channel : null,
  }
}

/** Only what differs from the defaults goes in the URL. */
export function toDashboardQuery(state: DashboardState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.days !== DEFAULT_DASHBOARD.days) query.range = String(state.days)
  if (state.groupBy !== DEFAULT_DASHBOARD.groupBy) query.group = state.groupBy
  if (state.channel) query.channel = state.channel
  return query
}

/** The last `days` days up to the end of today (local time): [from, to). */
export function dashboardVariables(state: DashboardState, now: Date = new Date()) {
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - state.days)
  return { from: from.toISOString(), to: to.toISOString(), groupBy: state.groupBy, channel: state.channel }
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
