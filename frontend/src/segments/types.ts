/** Shapes of the segments domain as the web app asks for them (see ../schema.graphql, `Segment`). */
import type { PageInfo } from '@/api/types'
import type { StaffUser } from '@/accounts/types'
import type { LifecycleStage } from '@/customers/types'
import type { Channel } from '@/interactions/types'

export const SEGMENT_KINDS = ['DYNAMIC', 'STATIC'] as const
export type SegmentKind = (typeof SEGMENT_KINDS)[number]

export const SEGMENT_OPERATORS = [
  'EQ',
  'NEQ',
  'IN',
  'NOT_IN',
  'GT',
  'GTE',
  'LT',
  'LTE',
  'BETWEEN',
  'CONTAINS',
  'STARTS_WITH',
  'IS_NULL',
  'IS_NOT_NULL',
  'WITHIN_LAST_DAYS',
  'NOT_WITHIN_LAST_DAYS',
] as const
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number]

export const SEGMENT_FIELD_TYPES = ['STRING', 'NUMBER', 'MONEY', 'DATETIME', 'ENUM', 'TAGS', 'ID', 'ATTRIBUTE'] as const
export type SegmentFieldType = (typeof SEGMENT_FIELD_TYPES)[number]

/** In the order the field picker shows its groups. */
export const SEGMENT_FIELD_GROUPS = ['ATTRIBUTE', 'BEHAVIOUR', 'VALUE', 'LOYALTY'] as const
export type SegmentFieldGroup = (typeof SEGMENT_FIELD_GROUPS)[number]

/**
 * A `SegmentField` enum value (PROVINCE, SPEND_IN_LAST_DAYS, …). Kept a string: the catalogue
 * (`segmentFields`) is the list, and fields the backend adds later work without a new build.
 */
export type SegmentField = string

export const CHANGE_KINDS = ['ENTERED', 'LEFT'] as const
export type SegmentChangeKind = (typeof CHANGE_KINDS)[number]

/** One field of the rule catalogue (`segmentFields`). */
export interface SegmentFieldInfo {
  field: SegmentField
  type: SegmentFieldType
  group: SegmentFieldGroup
  description: string
  operators: SegmentOperator[]
  nullable: boolean
  enumValues: string[]
  needsDays: boolean
  needsKey: boolean
  idType: string | null
  minimum: number | null
  maximum: number | null
}

/** `SegmentRuleInput`: a group (`all`/`any`), a negation (`not`) or a condition. */
export interface SegmentRuleInput {
  all?: SegmentRuleInput[]
  any?: SegmentRuleInput[]
  not?: SegmentRuleInput
  field?: SegmentField
  op?: SegmentOperator
  value?: unknown
  days?: number | string
  key?: string
}

export interface ContactCap {
  maxContacts: number
  windowDays: number
}

export interface SegmentStrategy {
  servicePriority: number
  serviceLevel: string | null
  /** A Decimal string, e.g. "12.5". */
  discountPercent: string | null
  preferredChannel: Channel | null
  contactCap: ContactCap | null
}

export interface SizePoint {
  /** A UTC day, "2026-11-25". */
  day: string
  size: number
}

/** A row of /segments. */
export interface SegmentRow {
  id: string
  name: string
  description: string | null
  kind: SegmentKind
  memberCount: number
  refreshedAt: string | null
  owner: Pick<StaffUser, 'id' | 'name'> | null
  sizeHistory: SizePoint[]
}

/** A segment as its page and its edit form show it. */
export interface Segment {
  id: string
  name: string
  description: string | null
  kind: SegmentKind
  /** The rule tree in the shape of SegmentRuleInput (ids as global ids); null for STATIC. */
  rule: SegmentRuleInput | null
  refreshIntervalMinutes: number | null
  refreshedAt: string | null
  createdAt: string
  updatedAt: string
  owner: Pick<StaffUser, 'id' | 'name'> | null
  memberCount: number
  strategy: SegmentStrategy | null
}

export interface SegmentWithHistory extends Segment {
  sizeHistory: SizePoint[]
}

/** A member as the segment page lists them. */
export interface SegmentMember {
  id: string
  name: string
  city: string | null
  province: string | null
  lifecycleStage: LifecycleStage
  owner: { id: string; name: string } | null
}

export interface MemberConnection {
  totalCount: number
  pageInfo: PageInfo
  edges: { cursor: string; node: SegmentMember }[]
}

export interface SegmentChange {
  id: string
  enteredAt: string
  exitedAt: string | null
  customer: { id: string; name: string } | null
}

export interface SegmentChangeConnection {
  totalCount: number
  pageInfo: PageInfo
  edges: { cursor: string; node: SegmentChange }[]
}

export interface CustomerRef {
  id: string
  name: string
}

export interface SegmentPreview {
  memberCount: number
  members: CustomerRef[]
}

export interface SegmentMembershipEvent {
  at: string
  enteredCount: number
  leftCount: number
  segment: { id: string; memberCount: number } | null
}

/** The customer page's segments card. */
export interface CustomerSegments {
  id: string
  segments: { id: string; name: string; kind: SegmentKind }[]
  effectiveStrategy: { segment: { id: string; name: string }; strategy: SegmentStrategy } | null
}

export interface CreateSegmentInput {
  name: string
  kind: SegmentKind
  description?: string | null
  rule?: SegmentRuleInput | null
  refreshIntervalMinutes?: number | null
}

export interface UpdateSegmentInput {
  id: string
  name?: string
  description?: string | null
  rule?: SegmentRuleInput
  refreshIntervalMinutes?: number | null
}

export interface UpdateSegmentStrategyInput {
  segmentId: string
  servicePriority: number | null
  serviceLevel: string | null
  discountPercent: string | null
  preferredChannel: Channel | null
  contactCapMax: number | null
  contactCapWindowDays: number | null
}
