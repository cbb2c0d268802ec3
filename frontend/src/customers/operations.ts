/** GraphQL operations of the customers domain (customers and their purchases). */
import { gql } from '@/api/client'
import { PAGE_INFO_FIELDS, USER_ERROR_FIELDS } from '@/api/fragments'
import type { Connection, UserError } from '@/api/types'
import type {
  CreateCustomerInput,
  Customer,
  CustomerFilter,
  CustomerOrder,
  CustomerSummary,
  LifecycleStage,
  Purchase,
  PurchaseConnection,
  RecordPurchaseInput,
  UpdateCustomerInput,
} from './types'

export const CUSTOMER_SUMMARY_FIELDS = gql`
  fragment CustomerSummaryFields on Customer {
    id
    kind
    name
    primaryEmail
    primaryPhone
    city
    lifecycleStage
    isArchived
    owner {
      id
      name
    }
    tags
  }
`

export const CUSTOMER_FIELDS = gql`
  fragment CustomerFields on Customer {
    ...CustomerSummaryFields
    emails {
      value
      primary
      label
    }
    phones {
      value
      primary
      label
    }
    wechatId
    address
    gender
    birthday
    birthMonth
    occupation
    incomeBand
    industry
    companySize
    country
    province
    geographyClass
    acquisitionChannel
    acquisitionCampaign
    owner {
      id
      name
      email
    }
    customAttributes
    lifecycleStagePinned
    externalReference
    createdAt
    updatedAt
    archivedAt
  }
  ${CUSTOMER_SUMMARY_FIELDS}
`

export const PURCHASE_FIELDS = gql`
  fragment PurchaseFields on Purchase {
    id
    amount
    currency
    occurredAt
    channel
    source
    externalOrderId
    refunded
    refundedAt
  }
`

export const CUSTOMERS = gql<
  { customers: Connection<CustomerSummary> },
  {
    first?: number | null
    after?: string | null
    last?: number | null
    before?: string | null
    filter?: CustomerFilter | null
    orderBy?: CustomerOrder | null
    search?: string | null
  }
>`
  query Customers(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $filter: CustomerFilter
    $orderBy: CustomerOrder
    $search: String
  ) {
    customers(
      first: $first
      after: $after
      last: $last
      before: $before
      filter: $filter
      orderBy: $orderBy
      search: $search
    ) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...CustomerSummaryFields
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
  ${CUSTOMER_SUMMARY_FIELDS}
`

export const CUSTOMER_PROFILE = gql<{ customer: Customer | null }, { id: string }>`
  query CustomerProfile($id: ID!) {
    customer(id: $id) {
      ...CustomerFields
    }
  }
  ${CUSTOMER_FIELDS}
`

interface PurchasePageVariables {
  purchasesFirst?: number | null
  purchasesAfter?: string | null
  purchasesLast?: number | null
  purchasesBefore?: string | null
}

export const CUSTOMER = gql<
  { customer: (Customer & { purchases: PurchaseConnection }) | null },
  { id: string } & PurchasePageVariables
>`
  query Customer(
    $id: ID!
    $purchasesFirst: Int
    $purchasesAfter: String
    $purchasesLast: Int
    $purchasesBefore: String
  ) {
    customer(id: $id) {
      ...CustomerFields
      purchases(
        first: $purchasesFirst
        after: $purchasesAfter
        last: $purchasesLast
        before: $purchasesBefore
      ) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          cursor
          node {
            ...PurchaseFields
          }
        }
      }
    }
  }
  ${CUSTOMER_FIELDS}
  ${PURCHASE_FIELDS}
  ${PAGE_INFO_FIELDS}
`

export const CUSTOMER_PURCHASES = gql<
  { customer: { id: string; purchases: PurchaseConnection } | null },
  { id: string } & PurchasePageVariables
>`
  query CustomerPurchases(
    $id: ID!
    $purchasesFirst: Int
    $purchasesAfter: String
    $purchasesLast: Int
    $purchasesBefore: String
  ) {
    customer(id: $id) {
      id
      purchases(
        first: $purchasesFirst
        after: $purchasesAfter
        last: $purchasesLast
        before: $purchasesBefore
      ) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          cursor
          node {
            ...PurchaseFields
          }
        }
      }
    }
  }
  ${PURCHASE_FIELDS}
  ${PAGE_INFO_FIELDS}
`

type CustomerPayload = { customer: Customer | null; userErrors: UserError[] }

export const CREATE_CUSTOMER = gql<
  { createCustomer: CustomerPayload },
  { input: CreateCustomerInput }
>`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const UPDATE_CUSTOMER = gql<
  { updateCustomer: CustomerPayload },
  { input: UpdateCustomerInput }
>`
  mutation UpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const ARCHIVE_CUSTOMER = gql<
  { archiveCustomer: CustomerPayload },
  { input: { id: string } }
>`
  mutation ArchiveCustomer($input: ArchiveCustomerInput!) {
    archiveCustomer(input: $input) {
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const RESTORE_CUSTOMER = gql<
  { restoreCustomer: CustomerPayload },
  { input: { id: string } }
>`
  mutation RestoreCustomer($input: RestoreCustomerInput!) {
    restoreCustomer(input: $input) {
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const PIN_LIFECYCLE_STAGE = gql<
  { pinLifecycleStage: CustomerPayload },
  { input: { customerId: string; stage: LifecycleStage | null } }
>`
  mutation PinLifecycleStage($input: PinLifecycleStageInput!) {
    pinLifecycleStage(input: $input) {
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

type PurchasePayload = {
  purchase: Purchase | null
  customer: Customer | null
  userErrors: UserError[]
}

export const RECORD_PURCHASE = gql<
  { recordPurchase: PurchasePayload },
  { input: RecordPurchaseInput }
>`
  mutation RecordPurchase($input: RecordPurchaseInput!) {
    recordPurchase(input: $input) {
      purchase {
        ...PurchaseFields
      }
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${PURCHASE_FIELDS}
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const REFUND_PURCHASE = gql<
  { refundPurchase: PurchasePayload },
  { input: { id: string; reason?: string | null } }
>`
  mutation RefundPurchase($input: RefundPurchaseInput!) {
    refundPurchase(input: $input) {
      purchase {
        ...PurchaseFields
      }
      customer {
        ...CustomerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${PURCHASE_FIELDS}
  ${CUSTOMER_FIELDS}
  ${USER_ERROR_FIELDS}
`

/** The customer each time it changes (graphql-transport-ws); the customer page listens while open. */
export const CUSTOMER_CHANGED = gql<{ customerChanged: Customer }, { id: string }>`
  subscription CustomerChanged($id: ID!) {
    customerChanged(id: $id) {
      ...CustomerFields
    }
  }
  ${CUSTOMER_FIELDS}
`
