import { describe, expect, it } from 'vitest'
import {
  applyLiveComplaint,
  boardFromData,
  cardsToFollow,
  compareBy,
  compareUrgency,
  diffIds,
  emptyBoard,
  groupBoard,
  matchesBoard,
  toBoardCard,
  type BoardFilter,
  type BoardState,
} from './board'
import { emptyBoardFilter } from './boardQuery'
import type { ComplaintBoardData } from './operations'
import type { ComplaintCard, ComplaintOrder } from './types'

const NOW = Date.parse('2026-05-17T10:00:00Z')

function complaint(id: string, over: Partial<ComplaintCard> = {}): ComplaintCard {
  return {
    id,
    subject: `Complaint ${id}`,
    severity: 'MEDIUM',
    status: 'NEW',
    breached: false,
    secondsToDeadline: 3600,
    firstResponseDueAt: '2026-05-17T11:00:00Z',
    resolutionDueAt: '2026-05-20T10:00:00Z',
    createdAt: '2026-05-17T09:00:00Z',
    updatedAt: '2026-05-17T09:00:00Z',
    customer: { id: 'c1', name: '王芳' },
    assignee: null,
    ...over,
  }
}

function board(...cards: ComplaintCard[]): BoardState {
  const state = emptyBoard()
  for (const c of cards) {
    state.cards.push(toBoardCard(c, NOW))
    state.totals[c.status] = (state.totals[c.status] ?? 0) + 1
  }
  return state
}

const ANY: BoardFilter = emptyBoardFilter()
const column = (state: BoardState, status: string) => groupBoard(state, true).find((c) => c.status === status)!

describe('boardFromData', () => {
  it('takes each status list with its count, pinning deadlines to when the answer arrived', () => {
    const empty = { totalCount: 0, edges: [] }
    const data: ComplaintBoardData = {
      new: { totalCount: 7, edges: [{ node: complaint('a', { secondsToDeadline: 60 }) }] },
      acknowledged: empty,
      inProgress: { totalCount: 1, edges: [{ node: complaint('b', { status: 'IN_PROGRESS' }) }] },
      reopened: empty,
      resolved: empty,
    }
    const state = boardFromData(data, NOW)
    expect(state.totals).toEqual({ NEW: 7, ACKNOWLEDGED: 0, IN_PROGRESS: 1, REOPENED: 0, RESOLVED: 0 })
    expect(state.cards.map((c) => c.id)).toEqual(['a', 'b'])
    expect(state.cards[0]!.deadlineAt).toBe(NOW + 60_000)
  })
})

describe('groupBoard', () => {
  it('has the five working columns, CLOSED only when asked for', () => {
    expect(groupBoard(emptyBoard(), false).map((c) => c.status)).toEqual(['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED', 'RESOLVED'])
    expect(groupBoard(emptyBoard(), true).map((c) => c.status)).toContain('CLOSED')
  })

  it('orders each column by resolution deadline unless told otherwise, soonest or most overdue first', () => {
    const state = board(
      complaint('later', { resolutionDueAt: '2026-05-21T10:00:00Z' }),
      complaint('overdue', { resolutionDueAt: '2026-05-17T08:00:00Z' }),
      complaint('soon', { resolutionDueAt: '2026-05-17T12:00:00Z', createdAt: '2026-05-17T09:30:00Z' }),
      complaint('soon, filed first', { resolutionDueAt: '2026-05-17T12:00:00Z', createdAt: '2026-05-17T09:10:00Z' }),
    )
    expect(column(state, 'NEW').cards.map((c) => c.id)).toEqual(['overdue', 'soon, filed first', 'soon', 'later'])
  })

  it('orders as the API does for each order offered', () => {
    const cards = [
      complaint('a', { severity: 'LOW', createdAt: '2026-05-17T08:00:00Z', firstResponseDueAt: '2026-05-17T13:00:00Z' }),
      complaint('b', { severity: 'CRITICAL', createdAt: '2026-05-17T09:00:00Z', firstResponseDueAt: '2026-05-17T11:00:00Z' }),
      complaint('c', { severity: 'CRITICAL', createdAt: '2026-05-17T10:00:00Z', firstResponseDueAt: '2026-05-17T12:00:00Z' }),
      complaint('d', { severity: 'HIGH', createdAt: '2026-05-17T07:00:00Z', firstResponseDueAt: '2026-05-17T10:30:00Z' }),
    ]
    const ids = (order: ComplaintOrder) => groupBoard(board(...cards), false, order)[0]!.cards.map((c) => c.id).join('')
    expect(ids('NEWEST')).toBe('cbad')
    expect(ids('OLDEST')).toBe('dabc')
    expect(ids('SEVERITY')).toBe('cbda')
    expect(ids('FIRST_RESPONSE_DUE')).toBe('dbca')
  })

  it('puts open complaints before the others, awaiting a first response before the others', () => {
    const open = toBoardCard(complaint('open', { status: 'REOPENED', resolutionDueAt: '2026-06-01T00:00:00Z' }), NOW)
    const done = toBoardCard(complaint('done', { status: 'RESOLVED', resolutionDueAt: '2026-05-01T00:00:00Z' }), NOW)
    expect(compareBy('RESOLUTION_DUE')(open, done)).toBeLessThan(0)
    const fresh = toBoardCard(complaint('new', { firstResponseDueAt: '2026-06-01T00:00:00Z' }), NOW)
    const seen = toBoardCard(complaint('ack', { status: 'ACKNOWLEDGED', firstResponseDueAt: '2026-05-01T00:00:00Z' }), NOW)
    expect(compareBy('FIRST_RESPONSE_DUE')(fresh, seen)).toBeLessThan(0)
  })

  it('follows the most urgent cards first: soonest or most overdue deadline, then breached, more serious', () => {
    const state = board(
      complaint('later', { secondsToDeadline: 7200 }),
      complaint('overdue', { secondsToDeadline: -300 }),
      complaint('soon', { secondsToDeadline: 600 }),
    )
    expect([...state.cards].sort(compareUrgency).map((c) => c.id)).toEqual(['overdue', 'soon', 'later'])

    const ties = board(
      complaint('low', { severity: 'LOW', status: 'RESOLVED', secondsToDeadline: null }),
      complaint('crit', { severity: 'CRITICAL', status: 'RESOLVED', secondsToDeadline: null }),
      complaint('breached', { severity: 'LOW', status: 'RESOLVED', secondsToDeadline: null, breached: true }),
    )
    expect([...ties.cards].sort(compareUrgency).map((c) => c.id)).toEqual(['breached', 'crit', 'low'])
  })

  it('counts what the API counted even when not all cards are loaded', () => {
    const state = board(complaint('a'))
    state.totals.NEW = 140
    expect(column(state, 'NEW')).toMatchObject({ total: 140 })
    expect(column(state, 'NEW').cards).toHaveLength(1)
  })

  it('sorts a card with a deadline before one without', () => {
    const a = toBoardCard(complaint('a', { secondsToDeadline: null }), NOW)
    const b = toBoardCard(complaint('b'), NOW)
    expect(compareUrgency(a, b)).toBeGreaterThan(0)
  })
})

describe('matchesBoard', () => {
  const mine = { id: 'u1', name: 'Li Lei' }
  it('applies severity, assignee, unassigned, breached and closed like the API', () => {
    expect(matchesBoard(complaint('a'), ANY)).toBe(true)
    expect(matchesBoard(complaint('a', { severity: 'LOW' }), { ...ANY, severities: ['HIGH', 'CRITICAL'] })).toBe(false)
    expect(matchesBoard(complaint('a', { assignee: mine }), { ...ANY, assigneeId: 'u1' })).toBe(true)
    expect(matchesBoard(complaint('a'), { ...ANY, assigneeId: 'u1' })).toBe(false)
    expect(matchesBoard(complaint('a', { assignee: mine }), { ...ANY, unassigned: true })).toBe(false)
    expect(matchesBoard(complaint('a'), { ...ANY, breached: true })).toBe(false)
    expect(matchesBoard(complaint('a', { breached: true }), { ...ANY, breached: false })).toBe(false)
    expect(matchesBoard(complaint('a', { status: 'CLOSED' }), ANY)).toBe(false)
    expect(matchesBoard(complaint('a', { status: 'CLOSED' }), { ...ANY, withClosed: true })).toBe(true)
  })
})

describe('applyLiveComplaint (live events)', () => {
  it('adds a complaint filed, counted in its column, in its place in the order', () => {
    const soon = complaint('b', { secondsToDeadline: 30, resolutionDueAt: '2026-05-17T12:00:00Z' })
    const { state, change } = applyLiveComplaint(board(complaint('a')), soon, ANY, NOW)
    expect(change).toBe('added')
    expect(state.cards.map((c) => c.id)).toEqual(['b', 'a'])
    expect(state.totals.NEW).toBe(2)
    expect(column(state, 'NEW').cards[0]!.id).toBe('b')
  })

  it('does not add one the filter leaves out', () => {
    const start = board(complaint('a'))
    const { state, change } = applyLiveComplaint(start, complaint('b', { severity: 'LOW' }), { ...ANY, severities: ['HIGH'] }, NOW)
    expect(change).toBe('ignored')
    expect(state).toBe(start)
  })

  it('adds a complaint once, even when its filed and updated events both arrive', () => {
    const once = applyLiveComplaint(board(), complaint('b'), ANY, NOW).state
    const twice = applyLiveComplaint(once, complaint('b'), ANY, NOW)
    expect(twice.change).toBe('updated')
    expect(twice.state.cards).toHaveLength(1)
    expect(twice.state.totals.NEW).toBe(1)
  })

  it('moves a card to its new column and fixes both counts', () => {
    const acknowledged = complaint('a', { status: 'ACKNOWLEDGED', updatedAt: '2026-05-17T09:05:00Z', secondsToDeadline: 86_000 })
    const { state, change } = applyLiveComplaint(board(complaint('a')), acknowledged, ANY, NOW)
    expect(change).toBe('moved')
    expect(state.totals).toMatchObject({ NEW: 0, ACKNOWLEDGED: 1 })
    expect(column(state, 'NEW').cards).toHaveLength(0)
    expect(column(state, 'ACKNOWLEDGED').cards[0]!.deadlineAt).toBe(NOW + 86_000_000)
  })

  it('updates in place (e.g. breached by the scheduler) and keeps the column', () => {
    const { state, change } = applyLiveComplaint(board(complaint('a')), complaint('a', { breached: true, secondsToDeadline: -5 }), ANY, NOW)
    expect(change).toBe('updated')
    expect(state.cards[0]).toMatchObject({ breached: true, deadlineAt: NOW - 5000 })
  })

  it('removes a card that no longer matches (given to someone else, closed while CLOSED is hidden)', () => {
    const filter = { ...ANY, unassigned: true }
    const taken = complaint('a', { assignee: { id: 'u2', name: 'Han Mei' }, updatedAt: '2026-05-17T09:10:00Z' })
    const { state, change } = applyLiveComplaint(board(complaint('a')), taken, filter, NOW)
    expect(change).toBe('removed')
    expect(state.cards).toEqual([])
    expect(state.totals.NEW).toBe(0)

    const closed = applyLiveComplaint(board(complaint('r', { status: 'RESOLVED' })), complaint('r', { status: 'CLOSED' }), ANY, NOW)
    expect(closed.change).toBe('removed')
  })

  it('ignores an event older than the card shown (a late echo)', () => {
    const start = board(complaint('a', { status: 'ACKNOWLEDGED', updatedAt: '2026-05-17T09:30:00Z' }))
    const { state, change } = applyLiveComplaint(start, complaint('a', { status: 'NEW', updatedAt: '2026-05-17T09:00:00Z' }), ANY, NOW)
    expect(change).toBe('ignored')
    expect(state).toBe(start)
  })
})

describe('cardsToFollow / diffIds', () => {
  it('follows the open cards first, most urgent first, up to the cap', () => {
    const state = board(
      complaint('resolved', { status: 'RESOLVED', secondsToDeadline: null }),
      complaint('later', { secondsToDeadline: 9000 }),
      complaint('soon', { status: 'IN_PROGRESS', secondsToDeadline: 60 }),
    )
    expect(cardsToFollow(state, 10)).toEqual(['soon', 'later', 'resolved'])
    expect(cardsToFollow(state, 2)).toEqual(['soon', 'later'])
  })
  it('starts what is new and stops what went away', () => {
    expect(diffIds(['a', 'b'], ['b', 'c'])).toEqual({ start: ['c'], stop: ['a'] })
    expect(diffIds([], ['a'])).toEqual({ start: ['a'], stop: [] })
    expect(diffIds(['a'], [])).toEqual({ start: [], stop: ['a'] })
  })
})
