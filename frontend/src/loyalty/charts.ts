/**
 * The loyalty page's figures: the months asked for, the tier distribution as horizontal bars, and
 * points per month as a diverging bar chart (earned above the zero line, redeemed and expired
 * below it). Pure functions, no Vue; the SVG components draw what these compute.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { niceCeiling, thinLabels } from '@/segments/sizeChart'
import type { LoyaltyMonth, TierCount } from './types'

export const STATS_RANGES = [6, 12, 24] as const
export type StatsRange = (typeof STATS_RANGES)[number]
export const DEFAULT_RANGE: StatsRange = 12

export function parseRange(query: LocationQuery): StatsRange {
  const raw = Array.isArray(query.months) ? query.months[0] : query.months
  const n = Number(raw)
  return (STATS_RANGES as readonly number[]).includes(n) ? (n as StatsRange) : DEFAULT_RANGE
}

export function toRangeQuery(months: StatsRange): LocationQueryRaw {
  return months === DEFAULT_RANGE ? {} : { months: String(months) }
}

/** `from` for the last `months` calendar months (UTC, as the API buckets them), this one included. */
export function statsFrom(months: number, now: Date = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (Math.max(1, months) - 1), 1)).toISOString()
}

export interface MonthTotals {
  earned: number
  redeemed: number
  expired: number
}

export function totals(months: readonly LoyaltyMonth[]): MonthTotals {
  return months.reduce(
    (sum, m) => ({ earned: sum.earned + m.earned, redeemed: sum.redeemed + m.redeemed, expired: sum.expired + m.expired }),
    { earned: 0, redeemed: 0, expired: 0 },
  )
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

// ---------- Tier distribution ----------

export interface TierBar {
  /** null: accounts without a tier. */
  tier: string | null
  members: number
  /** Share of all members, 0-100 (one decimal). */
  share: number
  y: number
  /** Bar length in px (at least 2 when there are members, so a small tier is still seen). */
  width: number
}

export interface TierBars {
  width: number
  height: number
  /** Where bars start (after the tier names) and may end (before the counts). */
  left: number
  right: number
  rowHeight: number
  barHeight: number
  bars: TierBar[]
}

export function buildTierBars(counts: readonly TierCount[], width: number, rowHeight = 34): TierBars {
  const w = Math.max(260, Math.round(width))
  const left = w < 420 ? 84 : 120
  const right = w - (w < 420 ? 86 : 110)
  const total = counts.reduce((sum, c) => sum + c.members, 0)
  const max = Math.max(0, ...counts.map((c) => c.members))
  const barHeight = Math.round(rowHeight * 0.56)
  const bars = counts.map((c, i) => ({
    tier: c.tier,
    members: c.members,
    share: total ? Math.round((c.members / total) * 1000) / 10 : 0,
    y: i * rowHeight,
    width: max && c.members ? Math.max(2, round(((right - left) * c.members) / max)) : 0,
  }))
  return { width: w, height: Math.max(rowHeight, counts.length * rowHeight), left, right, rowHeight, barHeight, bars }
}

// ---------- Points per month ----------

export interface MonthBar {
  month: string
  x: number
  width: number
  earned: { y: number; height: number; value: number }
  redeemed: { y: number; height: number; value: number }
  expired: { y: number; height: number; value: number }
}

export interface MonthsChart {
  width: number
  height: number
  top: number
  bottom: number
  left: number
  right: number
  /** The y of the zero line. */
  zero: number
  bars: MonthBar[]
  /** Grid lines: value (negative below zero) and y. */
  grid: { y: number; value: number }[]
  labels: { x: number; month: string }[]
}

/** Room for a month label, in px. */
export const MONTH_LABEL_WIDTH = 48

/**
 * Earned above the zero line, redeemed then expired stacked below it, on one scale: the line sits
 * where the largest month out divides the height with the largest month in.
 */
export function buildMonthsChart(months: readonly LoyaltyMonth[], width: number, height = 240, left = 48): MonthsChart {
  const w = Math.max(260, Math.round(width))
  const top = 12
  const bottom = height - 26
  const right = w - 10
  const upMax = Math.max(0, ...months.map((m) => m.earned))
  const downMax = Math.max(0, ...months.map((m) => m.redeemed + m.expired))
  const up = upMax > 0 ? niceCeiling(upMax) : downMax > 0 ? 0 : 1
  const down = downMax > 0 ? niceCeiling(downMax) : 0
  const span = up + down
  const perPoint = (bottom - top) / span
  const zero = round(top + up * perPoint)
  const n = months.length
  const slot = n ? (right - left) / n : right - left
  const barWidth = round(Math.max(2, Math.min(28, slot * 0.62)))
  const bars = months.map((m, i) => {
    const x = round(left + slot * i + (slot - barWidth) / 2)
    const earnedH = round(m.earned * perPoint)
    const redeemedH = round(m.redeemed * perPoint)
    const expiredH = round(m.expired * perPoint)
    return {
      month: m.month,
      x,
      width: barWidth,
      earned: { y: round(zero - earnedH), height: earnedH, value: m.earned },
      redeemed: { y: zero, height: redeemedH, value: m.redeemed },
      expired: { y: round(zero + redeemedH), height: expiredH, value: m.expired },
    }
  })
  const grid: { y: number; value: number }[] = []
  if (up > 0) {
    grid.push({ y: top, value: up })
    if ((zero - top) / 2 >= 22) grid.push({ y: round(zero - (up / 2) * perPoint), value: up / 2 })
  }
  grid.push({ y: zero, value: 0 })
  if (down > 0 && bottom - zero >= 22) grid.push({ y: bottom, value: -down })
  const labels = thinLabels(n, (right - left) / MONTH_LABEL_WIDTH).map((i) => ({ x: round(left + slot * (i + 0.5)), month: months[i]!.month }))
  return { width: w, height, top, bottom, left, right, zero, bars, grid, labels }
}
