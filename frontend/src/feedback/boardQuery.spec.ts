import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { COMPLAINT_BOARD } from './operations'
import {
  BOARD_CLOSED_SIZE,
  BOARD_COLUMN_SIZE,
  countBoardFilters,
  emptyBoardFilter,
  parseBoardQuery,
  toBoardQuery,
  toBoardVariables,
} from './boardQuery'

describe('board filters in the URL', () => {
  it('reads nothing as the whole board', () => {
    expect(parseBoardQuery({})).toEqual(emptyBoardFilter())
    expect(toBoardQuery(emptyBoardFilter())).toEqual({})
  })

  it('round-trips every filter', () => {
    const filter = { severities: ['HIGH', 'CRITICAL'] as const, assigneeId: 'VXNlcjoy', unassigned: false, breached: true, withClosed: true }
    const query = toBoardQuery({ ...filter, severities: [...filter.severities] })
    expect(query).toEqual({ severity: 'HIGH,CRITICAL', assignee: 'VXNlcjoy', breached: 'yes', closed: '1' })
    expect(parseBoardQuery(query as Record<string, string>)).toEqual({ ...filter, severities: ['HIGH', 'CRITICAL'] })
  })

  it('tolerates hand-written URLs: case, order, repeats, unknown values', () => {
    expect(parseBoardQuery({ severity: 'critical,low,LOW,urgent' }).severities).toEqual(['LOW', 'CRITICAL'])
    expect(parseBoardQuery({ severity: ['high', 'low'] }).severities).toEqual(['LOW', 'HIGH'])
    expect(parseBoardQuery({ breached: 'maybe' }).breached).toBeNull()
    expect(parseBoardQuery({ breached: 'no' }).breached).toBe(false)
  })

  it('lets "nobody assigned" win over an assignee', () => {
    const filter = parseBoardQuery({ unassigned: '1', assignee: 'VXNlcjoy' })
    expect(filter).toMatchObject({ unassigned: true, assigneeId: null })
    expect(toBoardQuery(filter)).toEqual({ unassigned: '1' })
  })

  it('counts the filters in use (showing CLOSED is not one)', () => {
    expect(countBoardFilters(parseBoardQuery({ closed: '1' }))).toBe(0)
    expect(countBoardFilters(parseBoardQuery({ severity: 'LOW', unassigned: '1', breached: 'yes' }))).toBe(3)
  })
})

describe('toBoardVariables', () => {
  it('gives the API what it accepts', () => {
    const whole = toBoardVariables(emptyBoardFilter())
    expect(whole).toEqual({ first: 50, closedFirst: 20, severities: null, assigneeId: null, unassigned: null, breached: null, withClosed: false })
    expect(variableErrors(COMPLAINT_BOARD, whole)).toEqual([])

    const narrow = toBoardVariables(parseBoardQuery({ severity: 'HIGH', assignee: 'VXNlcjoy', breached: 'no', closed: '1' }))
    expect(narrow).toMatchObject({ severities: ['HIGH'], assigneeId: 'VXNlcjoy', breached: false, withClosed: true })
    expect(variableErrors(COMPLAINT_BOARD, narrow)).toEqual([])
  })
})

describe('the board query stays within the API cost limit', () => {
  it('costs at most 1000 points: a list of n cards is 2 + n + 2n (customer, assignee), CLOSED counted too', () => {
    const list = (n: number) => 2 + n + n * 2
    expect(5 * list(BOARD_COLUMN_SIZE) + list(BOARD_CLOSED_SIZE)).toBeLessThanOrEqual(1000)
  })
})
