import { describe, expect, it } from 'vitest'
import { canMoveNeed, isSettledNeed, nextNeedStatuses } from './needs'
import { NEED_STATUSES } from './types'

describe('need next-status rules', () => {
  it('moves forward one step, or to DECLINED', () => {
    expect(nextNeedStatuses('IDENTIFIED')).toEqual(['ANALYZING', 'DECLINED'])
    expect(nextNeedStatuses('ANALYZING')).toEqual(['PLANNED', 'DECLINED'])
    expect(nextNeedStatuses('PLANNED')).toEqual(['FULFILLED', 'DECLINED'])
  })
  it('stops at FULFILLED and DECLINED', () => {
    expect(nextNeedStatuses('FULFILLED')).toEqual([])
    expect(nextNeedStatuses('DECLINED')).toEqual([])
    expect(isSettledNeed('FULFILLED')).toBe(true)
    expect(isSettledNeed('DECLINED')).toBe(true)
    expect(isSettledNeed('PLANNED')).toBe(false)
  })
  it('never skips a step, goes back or stays', () => {
    expect(canMoveNeed('IDENTIFIED', 'PLANNED')).toBe(false)
    expect(canMoveNeed('IDENTIFIED', 'FULFILLED')).toBe(false)
    expect(canMoveNeed('PLANNED', 'ANALYZING')).toBe(false)
    for (const status of NEED_STATUSES) expect(canMoveNeed(status, status), status).toBe(false)
    expect(canMoveNeed('ANALYZING', 'PLANNED')).toBe(true)
  })
  it('treats a need without a status as IDENTIFIED (the API default)', () => {
    expect(nextNeedStatuses(null)).toEqual(['ANALYZING', 'DECLINED'])
  })
})
