/**
 * The customer list's state lives in the URL query (so a reload or a shared link keeps
 * search, filters, sort and page). Pure functions between the URL, the state and the
 * `customers` query variables.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import {
  COMPANY_SIZES,
  CUSTOMER_KINDS,
  GEOGRAPHY_CLASSES,
  LIFECYCLE_STAGES,
  type CompanySize,
  type CustomerFilter,
  type CustomerKind,
  type CustomerOrder,
  type GeographyClass,
  type LifecycleStage,
} from './types'

export const PAGE_SIZE = 25

export const SORT_KEYS = ['NAME_ASC', 'NAME_DESC', 'UPDATED_AT_DESC', 'CREATED_AT_DESC', 'CREATED_AT_ASC'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export const DEFAULT_SORT: SortKey = 'NAME_ASC'

export const ARCHIVED_OPTIONS = ['active', 'archived', 'all'] as const
export type ArchivedOption = (typeof ARCHIVED_OPTIONS)[number]

export interface ListState {
  search: string
  kinds: CustomerKind[]
  stages: LifecycleStage[]
  geos: GeographyClass[]
  sizes: CompanySize[]
  tags: string[]
  archived: ArchivedOption
  sort: SortKey
  after: string | null
  before: string | null
}

export function emptyListState(): ListState {
  return {
    search: '',
    kinds: [],
    stages: [],
    geos: [],
    sizes: [],
    tags: [],
    archived: 'active',
    sort: DEFAULT_SORT,
    after: null,
    before: null,
  }
}

/** Split "vip, 华东，key account" into ["vip", "华东", "key account"] (ASCII or full-width commas). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>()
  for (const part of text.split(/[,，、]/)) {
    const tag = part.trim()
    if (tag) seen.add(tag)
  }
  return [...seen]
}

function first(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : null
}

function enumList<T extends string>(value: LocationQuery[string] | undefined, allowed: readonly T[]): T[] {
  const raw = Array.isArray(value) ? value.join(',') : (value ?? '')
  const out: T[] = []
  for (const part of raw.split(',')) {
    const v = part.trim().toUpperCase() as T
    if (allowed.includes(v) && !out.includes(v)) out.push(v)
  }
  return out
}

export function parseListQuery(query: LocationQuery): ListState {
  const state = emptyListState()
  state.search = first(query.q) ?? ''
  state.kinds = enumList(query.kind, CUSTOMER_KINDS)
  state.stages = enumList(query.stage, LIFECYCLE_STAGES)
  state.geos = enumList(query.geo, GEOGRAPHY_CLASSES)
  state.sizes = enumList(query.size, COMPANY_SIZES)
  state.tags = parseTags(Array.isArray(query.tags) ? query.tags.join(',') : (first(query.tags) ?? ''))
  const archived = first(query.status)
  if ((ARCHIVED_OPTIONS as readonly string[]).includes(archived ?? '')) state.archived = archived as ArchivedOption
  const sort = first(query.sort)
  if ((SORT_KEYS as readonly string[]).includes(sort ?? '')) state.sort = sort as SortKey
  state.before = first(query.before) || null
  state.after = state.before ? null : first(query.after) || null
  return state
}

export function toListQuery(state: ListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const search = state.search.trim()
  if (search) query.q = search
  if (state.kinds.length) query.kind = state.kinds.join(',')
  if (state.stages.length) query.stage = state.stages.join(',')
  if (state.geos.length) query.geo = state.geos.join(',')
  if (state.sizes.length) query.size = state.sizes.join(',')
  if (state.tags.length) query.tags = state.tags.join(',')
  if (state.archived !== 'active') query.status = state.archived
  if (state.sort !== DEFAULT_SORT) query.sort = state.sort
  if (state.before) query.before = state.before
  else if (state.after) query.after = state.after
  return query
}

export function countActiveFilters(state: ListState): number {
  return (
    (state.kinds.length ? 1 : 0) +
    (state.stages.length ? 1 : 0) +
    (state.geos.length ? 1 : 0) +
    (state.sizes.length ? 1 : 0) +
    (state.tags.length ? 1 : 0) +
    (state.archived !== 'active' ? 1 : 0)
  )
}

export function toFilter(state: ListState): CustomerFilter {
  const filter: CustomerFilter = {}
  if (state.kinds.length) filter.kinds = state.kinds
  if (state.stages.length) filter.lifecycleStages = state.stages
  if (state.geos.length) filter.geographyClasses = state.geos
  if (state.sizes.length) filter.companySizes = state.sizes
  if (state.tags.length) filter.tags = state.tags
  filter.archived = state.archived === 'active' ? false : state.archived === 'archived' ? true : null
  return filter
}

export function toOrder(sort: SortKey): CustomerOrder {
  const i = sort.lastIndexOf('_')
  return { field: sort.slice(0, i) as CustomerOrder['field'], direction: sort.slice(i + 1) as CustomerOrder['direction'] }
}

/** Variables for the CUSTOMERS query: first/after forwards, last/before backwards. */
export function toVariables(state: ListState, pageSize = PAGE_SIZE) {
  const paging = state.before
    ? { last: pageSize, before: state.before, first: null, after: null }
    : { first: pageSize, after: state.after, last: null, before: null }
  return {
    ...paging,
    filter: toFilter(state),
    orderBy: toOrder(state.sort),
    search: state.search.trim() || null,
  }
}
