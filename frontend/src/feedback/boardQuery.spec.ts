import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import type { BoardFilter } from './board'
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

  it('round-trips every filter and the order', () => {
    const filter = {
      order: 'SEVERITY',
      severities: ['HIGH', 'CRITICAL'],
      assigneeId: 'VXNlcjoy',
      unassigned: false,
      breached: true,
      withClosed: true,
    } satisfies BoardFilter
    const query = toBoardQuery(filter)
    expect(query).toEqual({ order: 'SEVERITY', severity: 'HIGH,CRITICAL', assignee: 'VXNlcjoy', breached: 'yes', closed: '1' })
    expect(parseBoardQuery(query as Record<string, string>)).toEqual(filter)
  })

  it('orders by the resolution deadline unless the URL names another order', () => {
    expect(parseBoardQuery({}).order).toBe('RESOLUTION_DUE')
    expect(toBoardQuery({ ...emptyBoardFilter(), order: 'RESOLUTION_DUE' })).toEqual({})
    expect(parseBoardQuery({ order: 'newest' }).order).toBe('NEWEST')
    expect(parseBoardQuery({ order: ['FIRST_RESPONSE_DUE', 'OLDEST'] }).order).toBe('FIRST_RESPONSE_DUE')
    expect(parseBoardQuery({ order: 'urgent' }).order).toBe('RESOLUTION_DUE')
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

  it('counts the filters in use (the order and showing CLOSED are not)', () => {
    expect(countBoardFilters(parseBoardQuery({ closed: '1', order: 'OLDEST' }))).toBe(0)
    expect(countBoardFilters(parseBoardQuery({ severity: 'LOW', unassigned: '1', breached: 'yes' }))).toBe(3)
  })
})

describe('toBoardVariables', () => {
  it('gives the API what it accepts', () => {
    const whole = toBoardVariables(emptyBoardFilter())
    expect(whole).toEqual({
      first: 50,
      closedFirst: 20,
      orderBy: 'RESOLUTION_DUE',
      severities: null,
      assigneeId: null,
      unassigned: null,
      breached: null,
      withClosed: false,
    })
    expect(variableErrors(COMPLAINT_BOARD, whole)).toEqual([])

    const narrow = toBoardVariables(parseBoardQuery({ severity: 'HIGH', assignee: 'VXNlcjoy', breached: 'no', closed: '1', order: 'SEVERITY' }))
    expect(narrow).toMatchObject({ orderBy: 'SEVERITY', severities: ['HIGH'], assigneeId: 'VXNlcjoy', breached: false, withClosed: true })
    expect(variableErrors(COMPLAINT_BOARD, narrow)).toEqual([])
  })
})

describe('the board query stays within the API cost limit', () => {
  it('costs at most 1000 points: a list of n cards is 2 + n + 2n (customer, assignee), CLOSED counted too', () => {
    const list = (n: number) => 2 + n + n * 2
    expect(5 * list(BOARD_COLUMN_SIZE) + list(BOARD_CLOSED_SIZE)).toBeLessThanOrEqual(1000)
  })
})
