import { describe, expect, it } from 'vitest'
import { canAssign, canRate, historyLine, historyResolution, isInvalidTransition, isOpen, knownActions } from './complaints'
import type { ComplaintEvent } from './types'

function event(over: Partial<ComplaintEvent>): ComplaintEvent {
  return { kind: 'FILED', fromStatus: null, toStatus: 'NEW', note: null, details: {}, at: '2026-05-17T09:00:00Z', byApiKey: false, by: null, ...over }
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
  const history: ComplaintEvent[] = [
    event({ kind: 'FILED' }),
    event({ kind: 'ASSIGNED', toStatus: null, details: { assignee_id: 3 } }),
    event({ kind: 'TRANSITION', fromStatus: 'NEW', toStatus: 'ACKNOWLEDGED' }),
    event({ kind: 'BREACHED', toStatus: null, details: { deadline: 'resolution' } }),
    event({ kind: 'ASSIGNED', toStatus: null, details: { assignee_id: null, previous_assignee_id: 3 } }),
    event({ kind: 'ASSIGNED', toStatus: null, details: { assignee_id: 4 } }),
    event({ kind: 'RATED', toStatus: null, details: { score: 4 } }),
    event({ kind: 'BREACHED', toStatus: null, details: { deadline: 'first_response' } }),
  ]
  const lines = history.map((_, i) => historyLine(history, i, { name: '韩梅' }))

  it('says what happened', () => {
    expect(lines[0]).toEqual({ key: 'filed', params: {} })
    expect(lines[2]).toEqual({ key: 'to.ACKNOWLEDGED', params: {} })
    expect(lines[3]).toEqual({ key: 'breachedResolution', params: {} })
    expect(lines[6]).toEqual({ key: 'rated', params: { score: 4 } })
    expect(lines[7]).toEqual({ key: 'breachedFirstResponse', params: {} })
  })

  it('names the assignee of the latest assignment only (the API gives row ids)', () => {
    expect(lines[1]).toEqual({ key: 'assigned', params: {} })
    expect(lines[4]).toEqual({ key: 'unassigned', params: {} })
    expect(lines[5]).toEqual({ key: 'assignedTo', params: { name: '韩梅' } })
    expect(historyLine(history, 5, null)).toEqual({ key: 'assigned', params: {} })
  })

  it('reads the resolution a RESOLVE carried', () => {
    expect(historyResolution(event({ kind: 'TRANSITION', details: { resolution: 'Refunded' } }))).toBe('Refunded')
    expect(historyResolution(event({ details: {} }))).toBeNull()
    expect(historyResolution(event({ details: null }))).toBeNull()
  })
})
