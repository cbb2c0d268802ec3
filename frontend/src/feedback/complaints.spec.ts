import { describe, expect, it } from 'vitest'
import {
  canAssign,
  canOfferGoodwill,
  canRate,
  goodwillGranted,
  historyGoodwill,
  historyLine,
  historyResolution,
  isInvalidTransition,
  isOpen,
  knownActions,
} from './complaints'
import type { ComplaintEvent } from './types'

function event(over: Partial<ComplaintEvent>): ComplaintEvent {
  return {
    kind: 'FILED',
    fromStatus: null,
    toStatus: 'NEW',
    note: null,
    details: {},
    at: '2026-05-17T09:00:00Z',
    byApiKey: false,
    by: null,
    assignee: null,
    previousAssignee: null,
    ...over,
  }
}

describe('knownActions', () => {
  it('shows the allowed actions in workflow order', () => {
    expect(knownActions(['reopen', 'close'])).toEqual(['close', 'reopen'])
    expect(knownActions(['acknowledge'])).toEqual(['acknowledge'])
    expect(knownActions([])).toEqual([])
  })
  it('skips actions it does not know (a newer API)', () => {
    expect(knownActions(['escalate', 'start_work'])).toEqual(['start_work'])
  })
})

describe('complaint states', () => {
  it('is open until resolved', () => {
    expect(['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED'].every((s) => isOpen(s as never))).toBe(true)
    expect(isOpen('RESOLVED')).toBe(false)
    expect(isOpen('CLOSED')).toBe(false)
  })
  it('is rated once resolved or closed, assigned until closed', () => {
    expect(canRate('RESOLVED')).toBe(true)
    expect(canRate('CLOSED')).toBe(true)
    expect(canRate('IN_PROGRESS')).toBe(false)
    expect(canAssign('RESOLVED')).toBe(true)
    expect(canAssign('CLOSED')).toBe(false)
  })
  it('recognises a refusal because the complaint moved meanwhile', () => {
    expect(isInvalidTransition([{ field: 'input.id', code: 'INVALID_TRANSITION', message: 'x' }])).toBe(true)
    expect(isInvalidTransition([{ field: 'input.note', code: 'TOO_LONG', message: 'x' }])).toBe(false)
  })
})

describe('historyLine', () => {
  const mei = { id: 'VXNlcjoz', name: '韩梅' }
  const lei = { id: 'VXNlcjo0', name: 'Li Lei' }
  const assigned = (over: Partial<ComplaintEvent>) => event({ kind: 'ASSIGNED', toStatus: null, ...over })

  it('says what happened', () => {
    expect(historyLine(event({ kind: 'FILED' }))).toEqual({ key: 'filed', params: {} })
    expect(historyLine(event({ kind: 'TRANSITION', fromStatus: 'NEW', toStatus: 'ACKNOWLEDGED' }))).toEqual({ key: 'to.ACKNOWLEDGED', params: {} })
    expect(historyLine(event({ kind: 'BREACHED', toStatus: null, details: { deadline: 'resolution' } }))).toEqual({ key: 'breachedResolution', params: {} })
    expect(historyLine(event({ kind: 'RATED', toStatus: null, details: { score: 4 } }))).toEqual({ key: 'rated', params: { score: 4 } })
    expect(historyLine(event({ kind: 'BREACHED', toStatus: null, details: { deadline: 'first_response' } }))).toEqual({
      key: 'breachedFirstResponse',
      params: {},
    })
  })

  it('names who was given the complaint in every assignment, and who had it', () => {
    expect(historyLine(assigned({ details: { assignee_id: 3 }, assignee: mei }))).toEqual({ key: 'assignedTo', params: { name: '韩梅' } })
    expect(historyLine(assigned({ details: { assignee_id: 4, previous_assignee_id: 3 }, assignee: lei, previousAssignee: mei }))).toEqual({
      key: 'reassigned',
      params: { name: 'Li Lei', from: '韩梅' },
    })
    expect(historyLine(assigned({ details: { assignee_id: null, previous_assignee_id: 4 }, previousAssignee: lei }))).toEqual({
      key: 'unassignedFrom',
      params: { from: 'Li Lei' },
    })
    expect(historyLine(assigned({ details: { assignee_id: null } }))).toEqual({ key: 'unassigned', params: {} })
  })

  it('says "assigned" when the staff user is gone', () => {
    expect(historyLine(assigned({ details: { assignee_id: 9 } }))).toEqual({ key: 'assigned', params: {} })
  })

  it('reads the resolution a RESOLVE carried', () => {
    expect(historyResolution(event({ kind: 'TRANSITION', details: { resolution: 'Refunded' } }))).toBe('Refunded')
    expect(historyResolution(event({ details: {} }))).toBeNull()
    expect(historyResolution(event({ details: null }))).toBeNull()
  })
})

describe('goodwill points', () => {
  const resolved = (details: Record<string, unknown> | null) =>
    event({ kind: 'TRANSITION', fromStatus: 'IN_PROGRESS', toStatus: 'RESOLVED', details })
  const filed = event({ kind: 'FILED' })
  const working = event({ kind: 'TRANSITION', fromStatus: 'ACKNOWLEDGED', toStatus: 'IN_PROGRESS' })
  const reopened = event({ kind: 'TRANSITION', fromStatus: 'RESOLVED', toStatus: 'REOPENED' })
  const customer = { id: 'Q3VzdG9tZXI6MQ==', name: '王芳' }

  it('reads the points a resolution credited', () => {
    expect(historyGoodwill(resolved({ resolution: 'Refunded', goodwill_points: 200 }))).toBe(200)
    expect(historyGoodwill(resolved({ resolution: 'Refunded' }))).toBeNull()
    expect(historyGoodwill(resolved(null))).toBeNull()
  })

  it('ignores anything that is not a resolution with a positive whole number', () => {
    expect(historyGoodwill(event({ kind: 'RATED', toStatus: null, details: { goodwill_points: 5 } }))).toBeNull()
    expect(historyGoodwill(resolved({ goodwill_points: '200' }))).toBeNull()
    expect(historyGoodwill(resolved({ goodwill_points: 0 }))).toBeNull()
    expect(historyGoodwill(resolved({ goodwill_points: 1.5 }))).toBeNull()
  })

  it('finds the grant anywhere in the history (it survives a reopen)', () => {
    expect(goodwillGranted([filed, working])).toBeNull()
    expect(goodwillGranted([filed, working, resolved({ resolution: 'x', goodwill_points: 300 }), reopened, working])).toBe(300)
  })

  it('is offered to a viewer with loyalty:write, for a customer in reach, until the complaint gave some', () => {
    const open = { customer, history: [filed, working] }
    expect(canOfferGoodwill(open, true)).toBe(true)
    expect(canOfferGoodwill(open, false)).toBe(false)
    expect(canOfferGoodwill({ ...open, customer: null }, true)).toBe(false)
    expect(canOfferGoodwill({ customer, history: [filed, working, resolved({ goodwill_points: 50 }), reopened, working] }, true)).toBe(false)
  })
})
