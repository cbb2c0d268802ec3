/** /segments: its URL state (search, kind, page) and the variables of its query. Pure functions, no Vue. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { historyFrom } from './sizeChart'
import { LIST_HISTORY_DAYS } from './segmentPage'
import { SEGMENT_KINDS, type SegmentKind } from './types'

export const SEGMENTS_PAGE_SIZE = 25

export interface SegmentListState {
  search: string
  kind: SegmentKind | null
  after: string | null
  before: string | null
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

export function parseSegmentListQuery(query: LocationQuery): SegmentListState {
  const kind = first(query.kind).toUpperCase() as SegmentKind
  return {
    search: first(query.q).trim(),
    kind: SEGMENT_KINDS.includes(kind) ? kind : null,
    after: first(query.after) || null,
    before: first(query.before) || null,
  }
}

/** Only what is set goes in the URL. */
export function toSegmentListQuery(state: SegmentListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.search) query.q = state.search
  if (state.kind) query.kind = state.kind
  if (state.after) query.after = state.after
  else if (state.before) query.before = state.before
  return query
}

export function segmentListVariables(state: SegmentListState, now: Date = new Date()) {
  const filter = state.search || state.kind ? { search: state.search || null, kind: state.kind } : null
  const page = state.before
    ? { last: SEGMENTS_PAGE_SIZE, before: state.before }
    : { first: SEGMENTS_PAGE_SIZE, after: state.after }
  return { from: historyFrom(LIST_HISTORY_DAYS, now), filter, ...page }
}
