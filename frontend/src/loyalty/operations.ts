/** GraphQL operations of the loyalty domain (accounts, the points ledger, rewards, the program, figures). */
import { gql } from '@/api/client'
import { PAGE_INFO_FIELDS, USER_ERROR_FIELDS } from '@/api/fragments'
import type { Connection, UserError } from '@/api/types'
import type {
  AdjustPointsInput,
  CreateRewardInput,
  LedgerConnection,
  LedgerEntry,
  LoyaltyAccount,
  LoyaltyAccountSummary,
  LoyaltyProgram,
  LoyaltyStats,
  RedeemPointsInput,
  RedeemRewardInput,
  Reward,
  UpdateLoyaltyProgramInput,
  UpdateRewardInput,
} from './types'

export const LOYALTY_TIER_FIELDS = gql`
  fragment LoyaltyTierFields on LoyaltyTier {
    id
    name
    threshold
    discountPercent
    multiplier
    serviceLevel
  }
`

export const LOYALTY_ACCOUNT_FIELDS = gql`
  fragment LoyaltyAccountFields on LoyaltyAccount {
    id
    balance
    tierSince
    createdAt
    tier {
      ...LoyaltyTierFields
    }
    nextTier {
      id
      name
      threshold
    }
    pointsEarned12m
    pointsToNextTier
  }
  ${LOYALTY_TIER_FIELDS}
`

export const LEDGER_ENTRY_FIELDS = gql`
  fragment LedgerEntryFields on LedgerEntry {
    id
    kind
    amount
    reason
    referenceType
    referenceId
    shortfall
    createdAt
    createdBy {
      id
      name
    }
  }
`

export const REWARD_FIELDS = gql`
  fragment RewardFields on Reward {
    id
    name
    description
    pointsCost
    stock
    activeFrom
    activeUntil
    archivedAt
    minTier {
      id
      name
      threshold
    }
  }
`

/** The customer page's loyalty card: the account (null when not enrolled), its first ledger page and tier history. */
export const CUSTOMER_LOYALTY = gql<
  {
    customer: { id: string; loyaltyAccount: LoyaltyAccount | null } | null
    loyaltyProgram: Pick<LoyaltyProgram, 'autoEnrol' | 'earnRate'>
  },
  { id: string; ledgerFirst: number; expiringDays: number }
>`
  query CustomerLoyalty($id: ID!, $ledgerFirst: Int!, $expiringDays: Int!) {
    customer(id: $id) {
      id
      loyaltyAccount {
        ...LoyaltyAccountFields
        expiringSoon(days: $expiringDays) {
          points
          firstExpiresAt
        }
        ledger(first: $ledgerFirst) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...LedgerEntryFields
            }
          }
        }
        tierHistory {
          fromTier
          toTier
          reason
          changedAt
        }
      }
    }
    loyaltyProgram {
      autoEnrol
      earnRate
    }
  }
  ${LOYALTY_ACCOUNT_FIELDS}
  ${LEDGER_ENTRY_FIELDS}
  ${PAGE_INFO_FIELDS}
`

/** "Show more" in the ledger: the next (older) page. */
export const LOYALTY_LEDGER = gql<
  { customer: { id: string; loyaltyAccount: { id: string; ledger: LedgerConnection } | null } | null },
  { id: string; first: number; after: string | null }
>`
  query LoyaltyLedger($id: ID!, $first: Int!, $after: String) {
    customer(id: $id) {
      id
      loyaltyAccount {
        id
        ledger(first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...LedgerEntryFields
            }
          }
        }
      }
    }
  }
  ${LEDGER_ENTRY_FIELDS}
  ${PAGE_INFO_FIELDS}
`

type PointsPayload = { entry: LedgerEntry | null; loyaltyAccount: LoyaltyAccountSummary | null; userErrors: UserError[] }

export const ENROLL_LOYALTY = gql<
  { enrollLoyalty: { loyaltyAccount: LoyaltyAccountSummary | null; userErrors: UserError[] } },
  { input: { customerId: string } }
>`
  mutation EnrollLoyalty($input: EnrollLoyaltyInput!) {
    enrollLoyalty(input: $input) {
      loyaltyAccount {
        ...LoyaltyAccountFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${LOYALTY_ACCOUNT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const REDEEM_POINTS = gql<{ redeemPoints: PointsPayload }, { input: RedeemPointsInput }>`
  mutation RedeemPoints($input: RedeemPointsInput!) {
    redeemPoints(input: $input) {
      entry {
        ...LedgerEntryFields
      }
      loyaltyAccount {
        ...LoyaltyAccountFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${LEDGER_ENTRY_FIELDS}
  ${LOYALTY_ACCOUNT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const REDEEM_REWARD = gql<{ redeemReward: PointsPayload }, { input: RedeemRewardInput }>`
  mutation RedeemReward($input: RedeemRewardInput!) {
    redeemReward(input: $input) {
      entry {
        ...LedgerEntryFields
      }
      loyaltyAccount {
        ...LoyaltyAccountFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${LEDGER_ENTRY_FIELDS}
  ${LOYALTY_ACCOUNT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const ADJUST_POINTS = gql<{ adjustPoints: PointsPayload }, { input: AdjustPointsInput }>`
  mutation AdjustPoints($input: AdjustPointsInput!) {
    adjustPoints(input: $input) {
      entry {
        ...LedgerEntryFields
      }
      loyaltyAccount {
        ...LoyaltyAccountFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${LEDGER_ENTRY_FIELDS}
  ${LOYALTY_ACCOUNT_FIELDS}
  ${USER_ERROR_FIELDS}
`

/** The rewards catalogue, cheapest first: redeemable now, or every reward with `all`. */
export const REWARDS = gql<
  { rewards: Connection<Reward> },
  { all: boolean; first: number; after?: string | null }
>`
  query Rewards($all: Boolean!, $first: Int!, $after: String) {
    rewards(all: $all, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...RewardFields
        }
      }
    }
  }
  ${REWARD_FIELDS}
  ${PAGE_INFO_FIELDS}
`

export const LOYALTY_PROGRAM_FIELDS = gql`
  fragment LoyaltyProgramFields on LoyaltyProgram {
    earnRate
    rounding
    autoEnrol
    pointsLifetimeMonths
    birthdayBonus
    updatedAt
    tiers {
      ...LoyaltyTierFields
    }
  }
  ${LOYALTY_TIER_FIELDS}
`

export const LOYALTY_PROGRAM = gql<{ loyaltyProgram: LoyaltyProgram }, Record<string, never>>`
  query LoyaltyProgram {
    loyaltyProgram {
      ...LoyaltyProgramFields
    }
  }
  ${LOYALTY_PROGRAM_FIELDS}
`

/** /loyalty: members by tier, points liability, points per month over [from, now). */
export const LOYALTY_STATS = gql<{ loyaltyStats: LoyaltyStats }, { from: string }>`
  query LoyaltyStats($from: DateTime!) {
    loyaltyStats(from: $from) {
      members
      membersByTier {
        tier
        members
      }
      pointsLiability
      months {
        month
        earned
        redeemed
        expired
      }
    }
  }
`

export const UPDATE_LOYALTY_PROGRAM = gql<
  { updateLoyaltyProgram: { program: LoyaltyProgram | null; userErrors: UserError[] } },
  { input: UpdateLoyaltyProgramInput }
>`
  mutation UpdateLoyaltyProgram($input: UpdateLoyaltyProgramInput!) {
    updateLoyaltyProgram(input: $input) {
      program {
        ...LoyaltyProgramFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${LOYALTY_PROGRAM_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const CREATE_REWARD = gql<
  { createReward: { reward: Reward | null; userErrors: UserError[] } },
  { input: CreateRewardInput }
>`
  mutation CreateReward($input: CreateRewardInput!) {
    createReward(input: $input) {
      reward {
        ...RewardFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${REWARD_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const UPDATE_REWARD = gql<
  { updateReward: { reward: Reward | null; userErrors: UserError[] } },
  { input: UpdateRewardInput }
>`
  mutation UpdateReward($input: UpdateRewardInput!) {
    updateReward(input: $input) {
      reward {
        ...RewardFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${REWARD_FIELDS}
  ${USER_ERROR_FIELDS}
`
