/**
 * The customer page's loyalty card: progress to the next tier, how a ledger entry is shown, the
 * ledger's "show more" paging, and which rewards a member can take. Pure functions, no Vue.
 */
import type { RouteLocationRaw } from 'vue-router'
import type {
  LedgerConnection,
  LedgerEntry,
  LedgerEntryKind,
  LoyaltyAccountSummary,
  Reward,
  TierRef,
} from './types'

/** Ledger entries per page on the customer page. */
export const LEDGER_PAGE = 10
/** "Points expiring soon" looks this many days ahead. */
export const EXPIRING_DAYS = 30

export interface TierProgress {
  /** The next tier's name; null at the top tier. */
  next: string | null
  /** Points earned in the last 12 months (what tiers are reached with). */
  earned: number
  /** The next tier's threshold; null at the top. */
  target: number | null
  /** Points still to earn for the next tier (0 when reached, awaiting the upgrade). */
  toNext: number
  /** 0-100, how far `earned` is towards `target` (100 at the top). */
  percent: number
  /** TOP: no tier above; REACHED: earned enough, the upgrade is pending; ON_THE_WAY otherwise. */
  state: 'TOP' | 'REACHED' | 'ON_THE_WAY'
}

export function tierProgress(
  account: Pick<LoyaltyAccountSummary, 'pointsEarned12m' | 'pointsToNextTier' | 'nextTier'>,
): TierProgress {
  const earned = Math.max(0, account.pointsEarned12m)
  const next = account.nextTier
  if (!next) return { next: null, earned, target: null, toNext: 0, percent: 100, state: 'TOP' }
  const toNext = Math.max(0, account.pointsToNextTier ?? next.threshold - earned)
  const percent = next.threshold > 0 ? Math.min(100, Math.max(0, (earned / next.threshold) * 100)) : 100
  return {
    next: next.name,
    earned,
    target: next.threshold,
    toNext,
    percent: toNext === 0 ? 100 : Math.min(99, Math.floor(percent)),
    state: toNext === 0 ? 'REACHED' : 'ON_THE_WAY',
  }
}

/** Credit (points in), debit (points out) or nothing moved (a reversal of points already spent). */
export type EntryTone = 'credit' | 'debit' | 'zero'

export function entryTone(entry: Pick<LedgerEntry, 'amount'>): EntryTone {
  return entry.amount > 0 ? 'credit' : entry.amount < 0 ? 'debit' : 'zero'
}

/** "+1,280", "−300", "0": the sign always shown (a real minus sign), grouped per locale. */
export function signedPoints(amount: number, locale: string): string {
  const digits = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.abs(amount))
  return amount > 0 ? `+${digits}` : amount < 0 ? `\u2212${digits}` : digits
}

/** Kinds that take points away (their icon points down). */
export const DEBIT_KINDS: readonly LedgerEntryKind[] = ['REDEEM', 'EXPIRE', 'REVERSAL']

/** Where an entry's reference can be opened: a complaint has a page; purchases and rewards do not. */
export function referenceRoute(entry: Pick<LedgerEntry, 'referenceType' | 'referenceId'>): RouteLocationRaw | null {
  if (entry.referenceType === 'COMPLAINT' && entry.referenceId) return { name: 'complaint', params: { id: entry.referenceId } }
  return null
}

/**
 * The ledger shown after "show more": the entries so far, then the next page's (an entry already
 * shown is not repeated, e.g. when a new one was posted meanwhile and shifted the pages).
 */
export function appendLedgerPage(shown: LedgerConnection, page: LedgerConnection): LedgerConnection {
  const seen = new Set(shown.edges.map((e) => e.node.id))
  return {
    totalCount: page.totalCount,
    pageInfo: { ...shown.pageInfo, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor ?? shown.pageInfo.endCursor },
    edges: [...shown.edges, ...page.edges.filter((e) => !seen.has(e.node.id))],
  }
}

/** Why a member cannot take a reward, as the API's error codes (the API decides; this is a hint). */
export type RewardIssue = 'INSUFFICIENT_POINTS' | 'TIER_TOO_LOW' | 'OUT_OF_STOCK'

export function rewardIssues(
  reward: Pick<Reward, 'pointsCost' | 'stock' | 'minTier'>,
  account: { balance: number; tier: Pick<TierRef, 'threshold'> | null },
): RewardIssue[] {
  const issues: RewardIssue[] = []
  if (reward.stock !== null && reward.stock <= 0) issues.push('OUT_OF_STOCK')
  if (reward.minTier && (account.tier === null || account.tier.threshold < reward.minTier.threshold)) issues.push('TIER_TOO_LOW')
  if (account.balance < reward.pointsCost) issues.push('INSUFFICIENT_POINTS')
  return issues
}

/** A catalogue entry's state now: withdrawn, not yet or no longer in its window, or offered. */
export type RewardStatus = 'WITHDRAWN' | 'UPCOMING' | 'ENDED' | 'ACTIVE'

export function rewardStatus(reward: Pick<Reward, 'archivedAt' | 'activeFrom' | 'activeUntil'>, now: Date = new Date()): RewardStatus {
  if (reward.archivedAt) return 'WITHDRAWN'
  const at = now.getTime()
  if (reward.activeFrom && at < Date.parse(reward.activeFrom)) return 'UPCOMING'
  if (reward.activeUntil && at >= Date.parse(reward.activeUntil)) return 'ENDED'
  return 'ACTIVE'
}
