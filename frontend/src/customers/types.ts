import type { Connection } from '@/api/types'
import type { User } from '@/accounts/types'

export const CUSTOMER_KINDS = ['PERSON', 'COMPANY'] as const
export const GENDERS = ['MALE', 'FEMALE', 'OTHER'] as const
export const INCOME_BANDS = ['LOW', 'LOWER_MIDDLE', 'MIDDLE', 'UPPER_MIDDLE', 'HIGH'] as const
export const COMPANY_SIZES = ['SMALL', 'MEDIUM', 'LARGE'] as const
export const GEOGRAPHY_CLASSES = ['LOCAL', 'DOMESTIC', 'INTERNATIONAL'] as const
export const LIFECYCLE_STAGES = ['PROSPECT', 'POTENTIAL_BUYER', 'PURCHASER', 'LOYAL', 'ADVOCATE'] as const
export const PURCHASE_CHANNELS = ['ONLINE', 'STORE', 'PHONE', 'MOBILE_APP', 'PARTNER', 'OTHER'] as const
export const CUSTOMER_ORDER_FIELDS = ['NAME', 'CREATED_AT', 'UPDATED_AT'] as const

export type CustomerKind = (typeof CUSTOMER_KINDS)[number]
export type Gender = (typeof GENDERS)[number]
export type IncomeBand = (typeof INCOME_BANDS)[number]
export type CompanySize = (typeof COMPANY_SIZES)[number]
export type GeographyClass = (typeof GEOGRAPHY_CLASSES)[number]
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]
export type PurchaseChannel = (typeof PURCHASE_CHANNELS)[number]
export type CustomerOrderField = (typeof CUSTOMER_ORDER_FIELDS)[number]
export type SortDirection = 'ASC' | 'DESC'

export interface ContactPoint {
  value: string
  primary: boolean
  label: string | null
}

export type OwnerRef = Pick<User, 'id' | 'name'> & Partial<Pick<User, 'email'>>

/** One row of the customer list. */
export interface CustomerSummary {
  id: string
  kind: CustomerKind
  name: string
  primaryEmail: string | null
  primaryPhone: string | null
  city: string | null
  lifecycleStage: LifecycleStage
  isArchived: boolean
  owner: OwnerRef | null
  tags: string[]
}

export interface Customer extends CustomerSummary {
  emails: ContactPoint[]
  phones: ContactPoint[]
  wechatId: string | null
  address: string | null
  gender: Gender | null
  birthday: string | null
  /** Shown to everyone who may read the customer; `birthday` is null without pii:read. */
  birthMonth: number | null
  occupation: string | null
  incomeBand: IncomeBand | null
  industry: string | null
  companySize: CompanySize | null
  country: string | null
  province: string | null
  geographyClass: GeographyClass | null
  acquisitionChannel: string | null
  acquisitionCampaign: string | null
  customAttributes: Record<string, unknown>
  lifecycleStagePinned: boolean
  externalReference: string | null
  createdAt: string
  updatedAt: string
  archivedAt: string | null
}

export interface Purchase {
  id: string
  amount: string
  currency: string
  occurredAt: string
  channel: PurchaseChannel | null
  source: string | null
  externalOrderId: string | null
  refunded: boolean
  refundedAt: string | null
}

export type PurchaseConnection = Connection<Purchase>

export interface CustomerFilter {
  kinds?: CustomerKind[]
  lifecycleStages?: LifecycleStage[]
  geographyClasses?: GeographyClass[]
  companySizes?: CompanySize[]
  tags?: string[]
  /** false = active only (the API default), true = archived only, null = both. */
  archived?: boolean | null
}

export interface CustomerOrder {
  field: CustomerOrderField
  direction: SortDirection
}

export interface ContactPointInput {
  value: string
  primary: boolean
  label: string | null
}

/** The writable fields shared by CreateCustomerInput and UpdateCustomerInput. */
export interface CustomerFieldsInput {
  kind?: CustomerKind
  name?: string
  emails?: ContactPointInput[]
  phones?: ContactPointInput[]
  wechatId?: string | null
  address?: string | null
  gender?: Gender | null
  birthday?: string | null
  occupation?: string | null
  incomeBand?: IncomeBand | null
  industry?: string | null
  companySize?: CompanySize | null
  country?: string | null
  province?: string | null
  city?: string | null
  acquisitionChannel?: string | null
  acquisitionCampaign?: string | null
  ownerId?: string | null
  tags?: string[]
  customAttributes?: Record<string, unknown> | null
  externalReference?: string | null
}

export interface CreateCustomerInput extends CustomerFieldsInput {
  name: string
  idempotencyKey?: string
}

export interface UpdateCustomerInput extends CustomerFieldsInput {
  id: string
}

export interface RecordPurchaseInput {
  customerId: string
  amount: string
  currency: string
  occurredAt?: string | null
  channel?: PurchaseChannel | null
  idempotencyKey?: string
}
