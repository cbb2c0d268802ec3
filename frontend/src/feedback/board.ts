/**
 * The complaints board's state: cards grouped by status, in the order chosen (most urgent first by
 * default), and the rules for live events (a complaint filed, a card changed elsewhere). Pure
 * functions, no Vue.
 */
import type { ComplaintBoardData, ComplaintColumnConnection } from './operations'
import { deadlineAt } from './deadlines'
import { SEVERITY_RANK, isOpen } from './complaints'
import type { ComplaintCard, ComplaintOrder, ComplaintStatus, Severity } from './types'

/** The columns, in workflow order; CLOSED only when asked for (collapsed at the end). */
export const BOARD_STATUSES = ['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED', 'RESOLVED'] as const

/** A card with its deadline pinned to the browser's clock (see deadlines.ts). */
export interface BoardCard extends ComplaintCard {
  /** Browser timestamp (ms) of the next open deadline; null once resolved or closed. */
  deadlineAt: number | null
}

/** The board's order unless the URL says otherwise: the soonest (or most overdue) resolution first. */
export const DEFAULT_BOARD_ORDER: ComplaintOrder = 'RESOLUTION_DUE'

export interface BoardFilter {
  /** The order of the cards in each column, and which are loaded first (the API's orderBy). */
  order: ComplaintOrder
  severities: Severity[]
  assigneeId: string | null
  /** Only complaints nobody handles yet (then assigneeId is ignored). */
  unassigned: boolean
  /** true: a deadline was breached; false: none was; null: either. */
  breached: boolean | null
  /** Show (and load) the CLOSED column. */
  withClosed: boolean
}

export interface BoardState {
  cards: BoardCard[]
  /** Complaints per status matching the filter (all pages), as the API counted them plus live changes. */
  totals: Partial<Record<ComplaintStatus, number>>
}

export interface BoardColumn {
  status: ComplaintStatus
  cards: BoardCard[]
  /** All complaints of this status matching the filter; more than `cards.length` when not all are loaded. */
  total: number
}

export function emptyBoard(): BoardState {
  return { cards: [], totals: {} }
}

export function toBoardCard(complaint: ComplaintCard, receivedAt: number): BoardCard {
  return { ...complaint, deadlineAt: deadlineAt(complaint.secondsToDeadline, receivedAt) }
}

const DATA_KEYS: Record<ComplaintStatus, keyof ComplaintBoardData> = {
  NEW: 'new',
  ACKNOWLEDGED: 'acknowledged',
  IN_PROGRESS: 'inProgress',
  REOPENED: 'reopened',
  RESOLVED: 'resolved',
  CLOSED: 'closed',
}

/** The board from the COMPLAINT_BOARD answer (one list per status). */
export function boardFromData(data: ComplaintBoardData, receivedAt: number): BoardState {
  const state = emptyBoard()
  const seen = new Set<string>()
  for (const [status, key] of Object.entries(DATA_KEYS) as [ComplaintStatus, keyof ComplaintBoardData][]) {
    const column = data[key] as ComplaintColumnConnection | undefined
    if (!column) continue
    state.totals[status] = column.totalCount
    for (const { node } of column.edges) {
      if (seen.has(node.id)) continue
      seen.add(node.id)
      state.cards.push(toBoardCard(node, receivedAt))
    }
  }
  return state
}

function time(iso: string): number {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

/**
 * Most urgent first: the soonest (or most overdue) deadline, then breached, then the more
 * serious, then the newest. Without deadlines (resolved, closed): the newest first.
 */
export function compareUrgency(a: BoardCard, b: BoardCard): number {
  if (a.deadlineAt != null && b.deadlineAt != null && a.deadlineAt !== b.deadlineAt) return a.deadlineAt - b.deadlineAt
  if (a.deadlineAt != null && b.deadlineAt == null) return -1
  if (a.deadlineAt == null && b.deadlineAt != null) return 1
  if (a.breached !== b.breached) return a.breached ? -1 : 1
  if (a.severity !== b.severity) return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
  return time(b.updatedAt) - time(a.updatedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}

type Compare = (a: ComplaintCard, b: ComplaintCard) => number

function ascending(key: 'createdAt' | 'resolutionDueAt' | 'firstResponseDueAt'): Compare {
  return (a, b) => time(a[key]) - time(b[key])
}
function descending(key: 'createdAt'): Compare {
  return (a, b) => time(b[key]) - time(a[key])
}
/** Those for which `when` holds before the others. */
function before(when: (card: ComplaintCard) => boolean): Compare {
  return (a, b) => Number(when(b)) - Number(when(a))
}
const byId: Compare = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const byIdDescending: Compare = (a, b) => byId(b, a)
function chain(...compares: Compare[]): Compare {
  return (a, b) => {
    for (const compare of compares) {
      const order = compare(a, b)
      if (order) return order
    }
    return 0
  }
}

/**
 * Each order as the API applies it (ComplaintOrder), so cards loaded and cards arriving live sit where
 * the API would put them. Ties: the API breaks them by row id, in filing order; here by filing time.
 */
const ORDERS: Record<ComplaintOrder, Compare> = {
  RESOLUTION_DUE: chain(before((c) => isOpen(c.status)), ascending('resolutionDueAt'), ascending('createdAt'), byId),
  FIRST_RESPONSE_DUE: chain(before((c) => c.status === 'NEW'), ascending('firstResponseDueAt'), ascending('createdAt'), byId),
  SEVERITY: chain((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity], descending('createdAt'), byIdDescending),
  NEWEST: chain(descending('createdAt'), byIdDescending),
  OLDEST: chain(ascending('createdAt'), byId),
}

export function compareBy(order: ComplaintOrder): Compare {
  return ORDERS[order]
}

/** The columns shown, each with its cards in `order`. */
export function groupBoard(state: BoardState, withClosed: boolean, order: ComplaintOrder = DEFAULT_BOARD_ORDER): BoardColumn[] {
  const statuses: ComplaintStatus[] = withClosed ? [...BOARD_STATUSES, 'CLOSED'] : [...BOARD_STATUSES]
  const compare = compareBy(order)
  return statuses.map((status) => {
    const cards = state.cards.filter((card) => card.status === status).sort(compare)
    return { status, cards, total: Math.max(state.totals[status] ?? 0, cards.length) }
  })
}

/** Does the complaint belong on the board as filtered? (The API applied the same filter to what it sent.) */
export function matchesBoard(complaint: ComplaintCard, filter: BoardFilter): boolean {
  if (complaint.status === 'CLOSED' && !filter.withClosed) return false
  if (filter.severities.length && !filter.severities.includes(complaint.severity)) return false
  if (filter.unassigned) {
    if (complaint.assignee) return false
  } else if (filter.assigneeId && complaint.assignee?.id !== filter.assigneeId) {
    return false
  }
  if (filter.breached != null && complaint.breached !== filter.breached) return false
  return true
}

export type LiveChange = 'added' | 'updated' | 'moved' | 'removed' | 'ignored'

function bump(totals: BoardState['totals'], status: ComplaintStatus, by: number): BoardState['totals'] {
  return { ...totals, [status]: Math.max(0, (totals[status] ?? 0) + by) }
}

/**
 * Apply a complaint that arrived live (filed, or changed elsewhere):
 *  - added: new on the board (counted in its column);
 *  - updated: changed in place, same column;
 *  - moved: its status changed, so it changed column;
 *  - removed: it no longer matches the filter (e.g. given to someone else, or closed);
 *  - ignored: not on the board and not for it, or older than what is shown (a late event).
 */
export function applyLiveComplaint(
  state: BoardState,
  complaint: ComplaintCard,
  filter: BoardFilter,
  receivedAt: number,
): { state: BoardState; change: LiveChange } {
  const index = state.cards.findIndex((card) => card.id === complaint.id)
  const current = index >= 0 ? state.cards[index]! : null
  if (current && time(complaint.updatedAt) < time(current.updatedAt)) return { state, change: 'ignored' }
  const belongs = matchesBoard(complaint, filter)
  if (!current) {
    if (!belongs) return { state, change: 'ignored' }
    return {
      state: { cards: [toBoardCard(complaint, receivedAt), ...state.cards], totals: bump(state.totals, complaint.status, 1) },
      change: 'added',
    }
  }
  if (!belongs) {
    return {
      state: { cards: state.cards.filter((card) => card.id !== complaint.id), totals: bump(state.totals, current.status, -1) },
      change: 'removed',
    }
  }
  const cards = [...state.cards]
  cards[index] = toBoardCard(complaint, receivedAt)
  if (current.status === complaint.status) return { state: { cards, totals: state.totals }, change: 'updated' }
  return {
    state: { cards, totals: bump(bump(state.totals, current.status, -1), complaint.status, 1) },
    change: 'moved',
  }
}

/**
 * The cards followed with complaintUpdated: the open ones first (most urgent first), then the
 * resolved and closed, at most `max` (the periodic refresh keeps the others current).
 */
export function cardsToFollow(state: BoardState, max: number): string[] {
  const open = state.cards.filter((c) => isOpen(c.status)).sort(compareUrgency)
  const settled = state.cards.filter((c) => !isOpen(c.status)).sort(compareUrgency)
  return [...open, ...settled].slice(0, max).map((c) => c.id)
}

/** Which subscriptions to start and stop to follow `wanted` when `running` are open. */
export function diffIds(running: Iterable<string>, wanted: readonly string[]): { start: string[]; stop: string[] } {
  const have = new Set(running)
  const want = new Set(wanted)
  return {
    start: [...want].filter((id) => !have.has(id)),
    stop: [...have].filter((id) => !want.has(id)),
  }
}
