/**
 * A segment's page: who may change it, the "entered / left since" periods, the members CSV and
 * what a membership event changes. Pure functions, no Vue.
 */
import { can, PERMISSIONS } from '@/accounts/permissions'
import type { Role } from '@/accounts/types'
import type { Segment } from './types'

/** The periods the "entered" and "left" lists look back over. */
export const CHANGE_PERIODS = [7, 30, 90] as const
export type ChangePeriod = (typeof CHANGE_PERIODS)[number]
export const DEFAULT_CHANGE_PERIOD: ChangePeriod = 30

/** Days of size history on a segment's page and on the list. */
export const PAGE_HISTORY_DAYS = 90
export const LIST_HISTORY_DAYS = 30

export function parseChangePeriod(value: unknown): ChangePeriod {
  const raw = Array.isArray(value) ? value[0] : value
  const n = Number(raw)
  return (CHANGE_PERIODS as readonly number[]).includes(n) ? (n as ChangePeriod) : DEFAULT_CHANGE_PERIOD
}

/** The start of the period: `days` × 24 h before `now` (a DateTime for `changes(since:)`). */
export function changesSince(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString()
}

type ViewerLike = { readonly permissions: readonly string[]; readonly role: Role | null; readonly user: { readonly id: string } | null } | null | undefined

/**
 * May the viewer edit, refresh, delete the segment and pick its members? The API lets its owner,
 * managers and admins (with segments:write) do so.
 */
export function canChangeSegment(viewer: ViewerLike, segment: Pick<Segment, 'owner'> | null | undefined): boolean {
  if (!viewer || !segment || !can(viewer, PERMISSIONS.SEGMENTS_WRITE)) return false
  if (viewer.role === 'ADMIN' || viewer.role === 'MANAGER') return true
  return !!viewer.user && segment.owner?.id === viewer.user.id
}

/** The members CSV (same origin, the session cookie; masked per the caller's rights). */
export function membersCsvUrl(segmentId: string): string {
  return `/export/segments/${encodeURIComponent(segmentId)}.csv`
}

/** A file name for the download: the segment's name without characters file systems refuse. */
export function csvFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100)
  return `${cleaned || 'segment'}.csv`
}

/** `node(id)` answered with a segment (not null, not another type). */
export function isSegment<T extends { kind: unknown }>(node: T | Record<string, never> | null | undefined): node is T {
  return !!node && 'kind' in node
}
