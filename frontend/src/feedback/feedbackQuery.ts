/**
 * The feedback list's filters and page live in the URL query, like the customer list's.
 * Pure functions between the URL, the state and the `feedback` query variables.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import {
  FEEDBACK_KINDS,
  SCORE_SCALES,
  SENTIMENT_LABELS,
  type FeedbackFilterInput,
  type FeedbackKind,
  type ScoreScale,
  type SentimentLabel,
} from './types'

export const FEEDBACK_PAGE_SIZE = 25

export interface FeedbackListState {
  kinds: FeedbackKind[]
  scale: ScoreScale | null
  sentiment: SentimentLabel | null
  after: string | null
  before: string | null
}

export function emptyFeedbackListState(): FeedbackListState {
  return { kinds: [], scale: null, sentiment: null, after: null, before: null }
}

function first(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : null
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  const v = (value ?? '').trim().toUpperCase() as T
  return allowed.includes(v) ? v : null
}

export function parseFeedbackQuery(query: LocationQuery): FeedbackListState {
  const state = emptyFeedbackListState()
  const raw = Array.isArray(query.kind) ? query.kind.join(',') : (query.kind ?? '')
  const wanted = new Set(raw.split(',').map((part) => part.trim().toUpperCase()))
  state.kinds = FEEDBACK_KINDS.filter((k) => wanted.has(k))
  state.scale = oneOf(first(query.scale), SCORE_SCALES)
  state.sentiment = oneOf(first(query.sentiment), SENTIMENT_LABELS)
  state.before = first(query.before) || null
  state.after = state.before ? null : first(query.after) || null
  return state
}

export function toFeedbackQuery(state: FeedbackListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.kinds.length) query.kind = state.kinds.join(',')
  if (state.scale) query.scale = state.scale
  if (state.sentiment) query.sentiment = state.sentiment
  if (state.before) query.before = state.before
  else if (state.after) query.after = state.after
  return query
}

export function countFeedbackFilters(state: FeedbackListState): number {
  return (state.kinds.length ? 1 : 0) + (state.scale ? 1 : 0) + (state.sentiment ? 1 : 0)
}

export function toFeedbackFilter(state: FeedbackListState): FeedbackFilterInput {
  const filter: FeedbackFilterInput = {}
  if (state.kinds.length) filter.kinds = state.kinds
  if (state.scale) filter.scale = state.scale
  if (state.sentiment) filter.sentiment = state.sentiment
  return filter
}

/** Variables for FEEDBACK_LIST: first/after forwards, last/before backwards. */
export function toFeedbackVariables(state: FeedbackListState, pageSize = FEEDBACK_PAGE_SIZE) {
  const paging = state.before
    ? { last: pageSize, before: state.before, first: null, after: null }
    : { first: pageSize, after: state.after, last: null, before: null }
  return { ...paging, filter: toFeedbackFilter(state) }
}
