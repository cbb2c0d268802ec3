import { describe, expect, it } from 'vitest'
import {
  appendLedgerPage,
  entryTone,
  referenceRoute,
  rewardIssues,
  rewardStatus,
  signedPoints,
  tierProgress,
} from './account'
import type { LedgerConnection, LedgerEntry, Reward } from './types'

const gold = { id: 'T3', name: 'Gold', threshold: 5000 }

describe('tierProgress', () => {
  it('measures points earned in 12 months against the next threshold', () => {
    expect(tierProgress({ pointsEarned12m: 1250, pointsToNextTier: 3750, nextTier: gold })).toEqual({
      next: 'Gold',
      earned: 1250,
      target: 5000,
      toNext: 3750,
      percent: 25,
      state: 'ON_THE_WAY',
    })
  })

  it('rounds down and never shows 100 % before the threshold is reached', () => {
    expect(tierProgress({ pointsEarned12m: 4999, pointsToNextTier: 1, nextTier: gold }).percent).toBe(99)
    expect(tierProgress({ pointsEarned12m: 1, pointsToNextTier: 4999, nextTier: gold }).percent).toBe(0)
  })

  it('starts from nothing for a new member', () => {
    const p = tierProgress({ pointsEarned12m: 0, pointsToNextTier: 1000, nextTier: { id: 'T2', name: 'Silver', threshold: 1000 } })
    expect(p).toMatchObject({ percent: 0, toNext: 1000, state: 'ON_THE_WAY' })
  })

  it('says when the threshold is reached but the upgrade has not happened yet', () => {
    expect(tierProgress({ pointsEarned12m: 5200, pointsToNextTier: 0, nextTier: gold })).toMatchObject({ percent: 100, toNext: 0, state: 'REACHED' })
  })

  it('computes what is missing when the API leaves it out', () => {
    expect(tierProgress({ pointsEarned12m: 4000, pointsToNextTier: null, nextTier: gold }).toNext).toBe(1000)
  })

  it('is full at the top tier', () => {
    expect(tierProgress({ pointsEarned12m: 30000, pointsToNextTier: null, nextTier: null })).toEqual({
      next: null,
      earned: 30000,
      target: null,
      toNext: 0,
      percent: 100,
      state: 'TOP',
    })
  })
})

describe('ledger entries', () => {
  it('tells credits from debits', () => {
    expect(entryTone({ amount: 120 })).toBe('credit')
    expect(entryTone({ amount: -300 })).toBe('debit')
    expect(entryTone({ amount: 0 })).toBe('zero')
  })

  it('always shows the sign, grouped per locale', () => {
    expect(signedPoints(1280, 'en')).toBe('+1,280')
    expect(signedPoints(-300, 'en')).toBe('\u2212300')
    expect(signedPoints(0, 'en')).toBe('0')
    expect(signedPoints(-12000, 'zh-CN')).toBe('\u221212,000')
  })

  it('links complaints, not purchases or rewards', () => {
    expect(referenceRoute({ referenceType: 'COMPLAINT', referenceId: 'Q29tcGxhaW50OjE=' })).toEqual({
      name: 'complaint',
      params: { id: 'Q29tcGxhaW50OjE=' },
    })
    expect(referenceRoute({ referenceType: 'PURCHASE', referenceId: 'UHVyY2hhc2U6MQ==' })).toBeNull()
    expect(referenceRoute({ referenceType: 'COMPLAINT', referenceId: null })).toBeNull()
    expect(referenceRoute({ referenceType: null, referenceId: null })).toBeNull()
  })
})

function entry(id: string, amount = 10): LedgerEntry {
  return {
    id,
    kind: amount > 0 ? 'EARN' : 'REDEEM',
    amount,
    reason: 'x',
    referenceType: null,
    referenceId: null,
    shortfall: 0,
    createdAt: '2026-05-01T00:00:00Z',
    createdBy: null,
  }
}

function page(ids: string[], hasNextPage: boolean, endCursor: string | null, totalCount = 25): LedgerConnection {
  return {
    totalCount,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: null, endCursor },
    edges: ids.map((id) => ({ cursor: `c${id}`, node: entry(id) })),
  }
}

describe('appendLedgerPage', () => {
  it('adds the older page below and carries its cursor on', () => {
    const merged = appendLedgerPage(page(['9', '8'], true, 'c8'), page(['7', '6'], false, 'c6'))
    expect(merged.edges.map((e) => e.node.id)).toEqual(['9', '8', '7', '6'])
    expect(merged.pageInfo).toMatchObject({ hasNextPage: false, endCursor: 'c6' })
  })

  it('does not repeat an entry a new posting pushed onto the next page', () => {
    const merged = appendLedgerPage(page(['9', '8'], true, 'c8', 25), page(['8', '7'], true, 'c7', 26))
    expect(merged.edges.map((e) => e.node.id)).toEqual(['9', '8', '7'])
    expect(merged.totalCount).toBe(26)
  })
})

const reward = (over: Partial<Reward> = {}): Reward => ({
  id: 'R1',
  name: 'Mug',
  description: null,
  pointsCost: 300,
  stock: null,
  activeFrom: null,
  activeUntil: null,
  archivedAt: null,
  minTier: null,
  ...over,
})

describe('rewardIssues', () => {
  const silverMember = { balance: 500, tier: { threshold: 1000 } }

  it('has none when the member can take it', () => {
    expect(rewardIssues(reward(), silverMember)).toEqual([])
    expect(rewardIssues(reward({ pointsCost: 500, stock: 1, minTier: { id: 'T2', name: 'Silver', threshold: 1000 } }), silverMember)).toEqual([])
  })

  it('names every reason, with the API’s codes', () => {
    expect(rewardIssues(reward({ pointsCost: 2000, stock: 0, minTier: gold }), silverMember)).toEqual([
      'OUT_OF_STOCK',
      'TIER_TOO_LOW',
      'INSUFFICIENT_POINTS',
    ])
  })

  it('treats a member without a tier as below any minimum', () => {
    expect(rewardIssues(reward({ minTier: { id: 'T1', name: 'Bronze', threshold: 0 } }), { balance: 900, tier: null })).toEqual(['TIER_TOO_LOW'])
  })
})

describe('rewardStatus', () => {
  const now = new Date('2026-06-01T12:00:00Z')
  it('reads the window and withdrawal', () => {
    expect(rewardStatus(reward(), now)).toBe('ACTIVE')
    expect(rewardStatus(reward({ archivedAt: '2026-05-01T00:00:00Z' }), now)).toBe('WITHDRAWN')
    expect(rewardStatus(reward({ activeFrom: '2026-07-01T00:00:00Z' }), now)).toBe('UPCOMING')
    expect(rewardStatus(reward({ activeUntil: '2026-06-01T12:00:00Z' }), now)).toBe('ENDED')
    expect(rewardStatus(reward({ activeFrom: '2026-05-01T00:00:00Z', activeUntil: '2026-07-01T00:00:00Z' }), now)).toBe('ACTIVE')
  })
})
