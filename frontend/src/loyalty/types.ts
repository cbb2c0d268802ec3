/** Shapes of the loyalty domain as the web app asks for them (see ../schema.graphql, `LoyaltyAccount`). */
import type { Connection } from '@/api/types'

export const LEDGER_KINDS = ['EARN', 'BONUS', 'REDEEM', 'EXPIRE', 'ADJUST', 'REVERSAL'] as const
export type LedgerEntryKind = (typeof LEDGER_KINDS)[number]

export const REFERENCE_TYPES = ['PURCHASE', 'REWARD', 'COMPLAINT', 'STAFF', 'BIRTHDAY', 'PROGRAM'] as const
export type LedgerReferenceType = (typeof REFERENCE_TYPES)[number]

export const ROUNDINGS = ['FLOOR', 'ROUND', 'CEIL'] as const
export type PointsRounding = (typeof ROUNDINGS)[number]

export interface LoyaltyTier {
  id: string
  name: string
  threshold: number
  /** Decimal string, e.g. "5.00". */
  discountPercent: string
  /** Decimal string, e.g. "1.50". */
  multiplier: string
  serviceLevel: string | null
}

export type TierRef = Pick<LoyaltyTier, 'id' | 'name' | 'threshold'>

export interface LedgerEntry {
  id: string
  kind: LedgerEntryKind
  /** Positive when earned, negative when spent or lost. */
  amount: number
  reason: string
  referenceType: LedgerReferenceType | null
  /** The global id of the purchase, reward or complaint. */
  referenceId: string | null
  /** REVERSAL: points that could not be taken back (already spent). */
  shortfall: number
  createdAt: string
  createdBy: { id: string; name: string } | null
}

export type LedgerConnection = Connection<LedgerEntry>

export interface TierChange {
  fromTier: string | null
  toTier: string | null
  reason: string
  changedAt: string
}

export interface ExpiringPoints {
  points: number
  firstExpiresAt: string | null
}

/** The account fields every mutation payload returns. */
export interface LoyaltyAccountSummary {
  id: string
  balance: number
  tierSince: string | null
  createdAt: string
  tier: LoyaltyTier | null
  nextTier: TierRef | null
  pointsEarned12m: number
  pointsToNextTier: number | null
}

/** The customer page's card: the summary with what expires soon, the first ledger page and the tier history. */
export interface LoyaltyAccount extends LoyaltyAccountSummary {
  expiringSoon: ExpiringPoints
  ledger: LedgerConnection
  tierHistory: TierChange[]
}

export interface Reward {
  id: string
  name: string
  description: string | null
  pointsCost: number
  /** null: unlimited. */
  stock: number | null
  activeFrom: string | null
  activeUntil: string | null
  archivedAt: string | null
  minTier: TierRef | null
}

export interface LoyaltyProgram {
  /** Decimal string: points per unit of the base currency. */
  earnRate: string
  rounding: PointsRounding
  autoEnrol: boolean
  pointsLifetimeMonths: number
  birthdayBonus: number
  tiers: LoyaltyTier[]
  updatedAt: string
}

export interface TierCount {
  tier: string | null
  members: number
}

export interface LoyaltyMonth {
  /** The month's first day, "2026-05-01". */
  month: string
  earned: number
  redeemed: number
  expired: number
}

export interface LoyaltyStats {
  members: number
  membersByTier: TierCount[]
  pointsLiability: number
  months: LoyaltyMonth[]
}

// ---------- Inputs ----------

export interface RedeemPointsInput {
  accountId: string
  points: number
  reason: string | null
  idempotencyKey: string
}

export interface RedeemRewardInput {
  accountId: string
  rewardId: string
  idempotencyKey: string
}

export interface AdjustPointsInput {
  accountId: string
  points: number
  reason: string
}

export interface LoyaltyTierInput {
  name: string
  threshold: number
  discountPercent: string
  multiplier: string
  serviceLevel: string | null
}

export interface UpdateLoyaltyProgramInput {
  earnRate?: string
  rounding?: PointsRounding
  autoEnrol?: boolean
  pointsLifetimeMonths?: number
  birthdayBonus?: number
  tiers?: LoyaltyTierInput[]
}

export interface CreateRewardInput {
  name: string
  pointsCost: number
  description: string | null
  stock: number | null
  activeFrom: string | null
  activeUntil: string | null
  minTierId: string | null
}

export interface UpdateRewardInput {
  id: string
  name?: string
  pointsCost?: number
  description?: string | null
  stock?: number | null
  activeFrom?: string | null
  activeUntil?: string | null
  minTierId?: string | null
  archived?: boolean
}
