import type { PageInfo } from '@/api/types'
import type { User } from '@/accounts/types'
import type { Purchase, PurchaseChannel } from '@/customers/types'
import type { Feedback } from '@/feedback/types'

export const CHANNELS = ['PHONE', 'EMAIL', 'SMS', 'WECHAT', 'SOCIAL', 'LIVE_CHAT', 'VISIT', 'MEETING', 'OTHER'] as const
export const DIRECTIONS = ['OUTBOUND', 'INBOUND'] as const
export const OUTCOMES = ['REACHED', 'NO_ANSWER', 'LEFT_MESSAGE', 'INTERESTED', 'NOT_INTERESTED', 'RESOLVED', 'OTHER'] as const
export const CONSENT_STATUSES = ['OPTED_IN', 'OPTED_OUT', 'UNKNOWN'] as const
/** In the order "My day" shows them (the API's order too). */
export const CARE_REASONS = ['FOLLOW_UP_OVERDUE', 'FOLLOW_UP_DUE', 'BIRTHDAY', 'NO_RECENT_CONTACT'] as const
export const TIMELINE_KINDS = ['FEEDBACK', 'INTERACTION', 'PURCHASE'] as const
export const POLICY_MODES = ['WARN', 'BLOCK'] as const

export type Channel = (typeof CHANNELS)[number]
export type Direction = (typeof DIRECTIONS)[number]
export type Outcome = (typeof OUTCOMES)[number]
export type ConsentStatus = (typeof CONSENT_STATUSES)[number]
export type CareReason = (typeof CARE_REASONS)[number]
export type TimelineKind = (typeof TIMELINE_KINDS)[number]
export type PolicyMode = (typeof POLICY_MODES)[number]

export type StaffRef = Pick<User, 'id' | 'name'>

export interface Interaction {
  id: string
  channel: Channel
  direction: Direction
  subject: string | null
  notes: string | null
  outcome: Outcome | null
  outcomeNote: string | null
  durationSeconds: number | null
  occurredAt: string
  followUpDueAt: string | null
  followUpNote: string | null
  followUpCompletedAt: string | null
  followUpOpen: boolean
  overCap: boolean
  capOverridden: boolean
  loggedByApiKey: boolean
  loggedBy: StaffRef | null
  createdAt: string
}

export interface Consent {
  channel: Channel
  status: ConsentStatus
  source: string | null
  note: string | null
  setAt: string | null
  setByApiKey: boolean
  setBy: StaffRef | null
}

export interface ContactBudget {
  used: number
  limit: number
  windowDays: number
  mode: PolicyMode
  nextAvailableAt: string | null
  exhausted: boolean
}

/** The contact-frequency policy (沟通频率控制): at most `maxContacts` outbound contacts per `windowDays`. */
export interface ContactPolicy {
  maxContacts: number
  windowDays: number
  mode: PolicyMode
  updatedAt: string
  /** Null while the defaults were never changed. */
  updatedBy: Pick<User, 'name'> | null
}

export interface UpdateContactPolicyInput {
  maxContacts?: number | null
  windowDays?: number | null
  mode?: PolicyMode | null
}

/** What the customer page shows about contacting a customer (next to the log-contact form). */
export interface CustomerContact {
  id: string
  consents: Consent[]
  contactBudget: ContactBudget
  preferredChannel: Channel | null
  lastContactAt: string | null
}

/** A purchase as the timeline asks for it (`channel` aliased: see TIMELINE_PURCHASE_FIELDS). */
export type TimelinePurchase = Omit<Purchase, 'channel'> & { purchaseChannel: PurchaseChannel | null }

export type TimelineNode =
  | (Interaction & { __typename: 'Interaction' })
  | (TimelinePurchase & { __typename: 'Purchase' })
  | (Feedback & { __typename: 'Feedback' })

export interface TimelineEdge {
  /** Empty for an entry added on this page (a live event, our own log): page with pageInfo instead. */
  cursor: string
  kind: TimelineKind
  occurredAt: string
  node: TimelineNode
}

export interface TimelineConnection {
  edges: TimelineEdge[]
  pageInfo: PageInfo
  totalCount: number
}

export interface LogContactInput {
  customerId: string
  channel: Channel
  direction: Direction
  subject?: string | null
  notes?: string | null
  outcome?: Outcome | null
  outcomeNote?: string | null
  durationSeconds?: number | null
  occurredAt?: string | null
  followUpDueAt?: string | null
  followUpNote?: string | null
  override?: boolean
  idempotencyKey?: string | null
}

export interface UserWarning {
  field: string | null
  message: string
  code: string
}

export interface CareReminder {
  reason: CareReason
  dueAt: string
  note: string | null
  lastContactAt: string | null
  customer: { id: string; name: string; primaryPhone: string | null; owner: StaffRef | null } | null
  interaction: Pick<Interaction, 'id' | 'channel' | 'subject' | 'followUpOpen'> | null
}
