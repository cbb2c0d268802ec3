/**
 * Segment size over time: the days asked for (`sizeHistory(from:)` counts UTC days), the sparkline
 * of the list page and the line chart of a segment's page. Pure functions, no Vue.
 */
import type { SizePoint } from './types'

const DAY_MS = 86_400_000

/** The UTC day `daysAgo` days before `now`, as the API's Date scalar ("2026-11-25"). */
export function utcDay(now: Date, daysAgo = 0): string {
  return new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10)
}

/** `from` for the last `days` days, today included. */
export function historyFrom(days: number, now: Date = new Date()): string {
  return utcDay(now, Math.max(0, days - 1))
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): the top of the y axis. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude
  }
  return 10 * magnitude
}

export interface Sparkline {
  width: number
  height: number
  /** "M x y L …" through every day; '' for no days. */
  path: string
  /** The same line closed along the bottom (a light fill). */
  area: string
  /** The last day's point (a dot). */
  last: { x: number; y: number } | null
  first: number | null
  latest: number | null
  min: number
  max: number
}

/** A small line of sizes, scaled between the smallest and largest size shown (a flat line in the middle when all are equal). */
export function sparkline(points: readonly SizePoint[], width = 96, height = 28, pad = 3): Sparkline {
  const sizes = points.map((p) => p.size)
  const min = sizes.length ? Math.min(...sizes) : 0
  const max = sizes.length ? Math.max(...sizes) : 0
  const span = max - min
  const innerW = width - pad * 2
  const innerH = height - pad * 2
  const xy = sizes.map((size, i) => ({
    x: round(pad + (sizes.length === 1 ? innerW : (innerW * i) / (sizes.length - 1))),
    y: round(span === 0 ? pad + innerH / 2 : pad + innerH - ((size - min) / span) * innerH),
  }))
  const path = xy.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ')
  const area = xy.length > 1 ? `${path} L${xy[xy.length - 1]!.x} ${height - pad} L${xy[0]!.x} ${height - pad} Z` : ''
  return {
    width,
    height,
    path,
    area,
    last: xy[xy.length - 1] ?? null,
    first: sizes[0] ?? null,
    latest: sizes[sizes.length - 1] ?? null,
    min,
    max,
  }
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

export interface SizeChart {
  width: number
  height: number
  top: number
  bottom: number
  left: number
  right: number
  path: string
  area: string
  points: { x: number; y: number; day: string; size: number }[]
  /** Horizontal grid lines with the size they stand for. */
  grid: { y: number; value: number }[]
  /** The day labels shown (thinned to fit). */
  labels: { x: number; day: string }[]
}

/** Room for a day label, in px. */
export const DAY_LABEL_WIDTH = 64

/** The size chart of a segment's page, at `width` px (never narrower than 240). */
export function buildSizeChart(points: readonly SizePoint[], width: number, height = 200): SizeChart {
  const w = Math.max(240, Math.round(width))
  const top = 12
  const bottom = height - 26
  const max = niceCeiling(Math.max(0, ...points.map((p) => p.size)))
  const digits = String(max).length
  const left = Math.max(28, 10 + digits * 7)
  const right = w - 12
  const n = points.length
  const x = (i: number) => round(n <= 1 ? right : left + ((right - left) * i) / (n - 1))
  const y = (size: number) => round(bottom - (Math.max(0, size) / max) * (bottom - top))
  const xy = points.map((p, i) => ({ x: x(i), y: y(p.size), day: p.day, size: p.size }))
  const path = xy.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ')
  const area = xy.length > 1 ? `${path} L${xy[xy.length - 1]!.x} ${bottom} L${xy[0]!.x} ${bottom} Z` : ''
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => max * f)
    .filter((v) => Number.isInteger(v))
    .map((value) => ({ y: y(value), value }))
  const labels = thinLabels(n, (right - left) / DAY_LABEL_WIDTH).map((i) => ({ x: x(i), day: points[i]!.day }))
  return { width: w, height, top, bottom, left, right, path, area, points: xy, grid, labels }
}
