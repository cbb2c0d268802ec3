/**
 * The complaints board's filters live in the URL query (a reload or a shared link keeps them),
 * like the customer list's. Pure functions between the URL, the filter and the query variables.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { DEFAULT_BOARD_ORDER, type BoardFilter } from './board'
import type { ComplaintBoardVariables } from './operations'
import { COMPLAINT_ORDERS, SEVERITIES, type ComplaintOrder, type Severity } from './types'

/**
 * Cards loaded per working column, and for CLOSED. The API refuses a request costing over 1000
 * points; a card costs 2 (its customer and assignee), a list 2 + its size, so the board costs
 * 5 × (2 + 3 × 50) + (2 + 3 × 20) = 822. A column with more says how many it does not show.
 */
export const BOARD_COLUMN_SIZE = 50
export const BOARD_CLOSED_SIZE = 20

export const BREACHED_OPTIONS = ['any', 'yes', 'no'] as const
export type BreachedOption = (typeof BREACHED_OPTIONS)[number]

export function emptyBoardFilter(): BoardFilter {
  return { order: DEFAULT_BOARD_ORDER, severities: [], assigneeId: null, unassigned: false, breached: null, withClosed: false }
}

function first(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : null
}

function severityList(value: LocationQuery[string] | undefined): Severity[] {
  const raw = Array.isArray(value) ? value.join(',') : (value ?? '')
  const wanted = new Set(raw.split(',').map((part) => part.trim().toUpperCase()))
  // In the order of SEVERITIES, whatever the order in the URL, without repeats.
  return SEVERITIES.filter((s) => wanted.has(s))
}

export function breachedOption(breached: boolean | null): BreachedOption {
  return breached === true ? 'yes' : breached === false ? 'no' : 'any'
}

function order(value: LocationQuery[string] | undefined): ComplaintOrder {
  const wanted = first(value)?.trim().toUpperCase()
  return COMPLAINT_ORDERS.find((o) => o === wanted) ?? DEFAULT_BOARD_ORDER
}

export function parseBoardQuery(query: LocationQuery): BoardFilter {
  const filter = emptyBoardFilter()
  filter.order = order(query.order)
  filter.severities = severityList(query.severity)
  filter.unassigned = first(query.unassigned) === '1'
  filter.assigneeId = filter.unassigned ? null : first(query.assignee) || null
  const breached = first(query.breached)
  filter.breached = breached === 'yes' ? true : breached === 'no' ? false : null
  filter.withClosed = first(query.closed) === '1'
  return filter
}

export function toBoardQuery(filter: BoardFilter): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filter.order !== DEFAULT_BOARD_ORDER) query.order = filter.order
  if (filter.severities.length) query.severity = filter.severities.join(',')
  if (filter.unassigned) query.unassigned = '1'
  else if (filter.assigneeId) query.assignee = filter.assigneeId
  if (filter.breached != null) query.breached = breachedOption(filter.breached)
  if (filter.withClosed) query.closed = '1'
  return query
}

/** Filters in use (the order and CLOSED shown are view choices, not filters). */
export function countBoardFilters(filter: BoardFilter): number {
  return (
    (filter.severities.length ? 1 : 0) + (filter.unassigned || filter.assigneeId ? 1 : 0) + (filter.breached != null ? 1 : 0)
  )
}

export function toBoardVariables(filter: BoardFilter): ComplaintBoardVariables {
  return {
    first: BOARD_COLUMN_SIZE,
    closedFirst: BOARD_CLOSED_SIZE,
    orderBy: filter.order,
    severities: filter.severities.length ? filter.severities : null,
    assigneeId: filter.unassigned ? null : filter.assigneeId,
    unassigned: filter.unassigned ? true : null,
    breached: filter.breached,
    withClosed: filter.withClosed,
  }
}
