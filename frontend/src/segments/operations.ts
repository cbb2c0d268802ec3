/** GraphQL operations of the segments domain (segments, their rules, members, history, strategies). */
import { gql } from '@/api/client'
import { PAGE_INFO_FIELDS, USER_ERROR_FIELDS } from '@/api/fragments'
import type { Connection, UserError } from '@/api/types'
import type { StaffUser } from '@/accounts/types'
import type {
  CreateSegmentInput,
  CustomerSegments,
  MemberConnection,
  Segment,
  SegmentChangeConnection,
  SegmentChangeKind,
  SegmentFieldInfo,
  SegmentKind,
  SegmentMembershipEvent,
  SegmentPreview,
  SegmentRow,
  SegmentRuleInput,
  SegmentWithHistory,
  UpdateSegmentInput,
  UpdateSegmentStrategyInput,
} from './types'

export const SEGMENT_STRATEGY_FIELDS = gql`
  fragment SegmentStrategyFields on SegmentStrategy {
    servicePriority
    serviceLevel
    discountPercent
    preferredChannel
    contactCap {
      maxContacts
      windowDays
    }
  }
`

export const SEGMENT_FIELDS = gql`
  fragment SegmentFields on Segment {
    id
    name
    description
    kind
    rule
    refreshIntervalMinutes
    refreshedAt
    createdAt
    updatedAt
    memberCount
    owner {
      id
      name
    }
    strategy {
      ...SegmentStrategyFields
    }
  }
  ${SEGMENT_STRATEGY_FIELDS}
`

/** /segments: one request, each row with its last 30 days of sizes (the sparkline). */
export const SEGMENTS = gql<
  { segments: Connection<SegmentRow> },
  {
    from: string
    first?: number | null
    after?: string | null
    last?: number | null
    before?: string | null
    filter?: { kind?: SegmentKind | null; search?: string | null } | null
  }
>`
  query Segments($from: Date!, $first: Int, $after: String, $last: Int, $before: String, $filter: SegmentFilter) {
    segments(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          id
          name
          description
          kind
          memberCount
          refreshedAt
          owner {
            id
            name
          }
          sizeHistory(from: $from) {
            day
            size
          }
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`

/** The rule builder's catalogue. */
export const SEGMENT_FIELD_CATALOGUE = gql<{ segmentFields: SegmentFieldInfo[] }, Record<string, never>>`
  query SegmentFieldCatalogue {
    segmentFields {
      field
      type
      group
      description
      operators
      nullable
      enumValues
      needsDays
      needsKey
      idType
      minimum
      maximum
    }
  }
`

/** The rule builder's live count. */
export const PREVIEW_SEGMENT = gql<
  { previewSegment: { preview: SegmentPreview | null; userErrors: UserError[] } },
  { rule: SegmentRuleInput }
>`
  query PreviewSegment($rule: SegmentRuleInput!) {
    previewSegment(rule: $rule) {
      preview {
        memberCount
        members {
          id
          name
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${USER_ERROR_FIELDS}
`

/** Names of the staff users a stored rule names by id (OWNER conditions). */
export const RULE_USERS = gql<{ nodes: (Pick<StaffUser, 'id' | 'name' | 'email'> | Record<string, never> | null)[] }, { ids: string[] }>`
  query RuleUsers($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on User {
        id
        name
        email
      }
    }
  }
`

/** A segment for its edit form. */
export const SEGMENT = gql<{ node: Segment | Record<string, never> | null }, { id: string }>`
  query Segment($id: ID!) {
    node(id: $id) {
      ... on Segment {
        ...SegmentFields
      }
    }
  }
  ${SEGMENT_FIELDS}
`

/** A segment's page: the segment and its size per day since `from`. */
export const SEGMENT_PAGE = gql<{ node: SegmentWithHistory | Record<string, never> | null }, { id: string; from: string }>`
  query SegmentPage($id: ID!, $from: Date!) {
    node(id: $id) {
      ... on Segment {
        ...SegmentFields
        sizeHistory(from: $from) {
          day
          size
        }
      }
    }
  }
  ${SEGMENT_FIELDS}
`

export const SEGMENT_MEMBERS = gql<
  { node: { id: string; members: MemberConnection } | Record<string, never> | null },
  { id: string; first?: number | null; after?: string | null; last?: number | null; before?: string | null }
>`
  query SegmentMembers($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      ... on Segment {
        id
        members(first: $first, after: $after, last: $last, before: $before) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              id
              name
              city
              province
              lifecycleStage
              owner {
                id
                name
              }
            }
          }
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`

/** Who entered or left since a time (most recent stays first). */
export const SEGMENT_CHANGES = gql<
  { node: { id: string; changes: SegmentChangeConnection } | Record<string, never> | null },
  { id: string; since: string; kind: SegmentChangeKind; first?: number | null; after?: string | null }
>`
  query SegmentChanges($id: ID!, $since: DateTime!, $kind: SegmentChangeKind!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Segment {
        id
        changes(since: $since, kind: $kind, first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              id
              enteredAt
              exitedAt
              customer {
                id
                name
              }
            }
          }
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`

type SegmentPayload = { segment: Segment | null; userErrors: UserError[] }

export const CREATE_SEGMENT = gql<{ createSegment: SegmentPayload }, { input: CreateSegmentInput }>`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      segment {
        ...SegmentFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SEGMENT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const UPDATE_SEGMENT = gql<{ updateSegment: SegmentPayload }, { input: UpdateSegmentInput }>`
  mutation UpdateSegment($input: UpdateSegmentInput!) {
    updateSegment(input: $input) {
      segment {
        ...SegmentFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SEGMENT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const DELETE_SEGMENT = gql<
  { deleteSegment: { deletedSegmentId: string | null; userErrors: UserError[] } },
  { input: { id: string } }
>`
  mutation DeleteSegment($input: SegmentIdInput!) {
    deleteSegment(input: $input) {
      deletedSegmentId
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${USER_ERROR_FIELDS}
`

export const REFRESH_SEGMENT = gql<
  { refreshSegment: SegmentPayload & { enteredCount: number | null; leftCount: number | null } },
  { input: { id: string } }
>`
  mutation RefreshSegment($input: SegmentIdInput!) {
    refreshSegment(input: $input) {
      segment {
        ...SegmentFields
      }
      enteredCount
      leftCount
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SEGMENT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const ADD_CUSTOMERS_TO_SEGMENT = gql<
  { addCustomersToSegment: SegmentPayload & { addedCount: number | null } },
  { input: { segmentId: string; customerIds: string[] } }
>`
  mutation AddCustomersToSegment($input: SegmentMembersInput!) {
    addCustomersToSegment(input: $input) {
      segment {
        ...SegmentFields
      }
      addedCount
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SEGMENT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const REMOVE_CUSTOMERS_FROM_SEGMENT = gql<
  { removeCustomersFromSegment: SegmentPayload & { removedCount: number | null } },
  { input: { segmentId: string; customerIds: string[] } }
>`
  mutation RemoveCustomersFromSegment($input: SegmentMembersInput!) {
    removeCustomersFromSegment(input: $input) {
      segment {
        ...SegmentFields
      }
      removedCount
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SEGMENT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const UPDATE_SEGMENT_STRATEGY = gql<
  { updateSegmentStrategy: SegmentPayload },
  { input: UpdateSegmentStrategyInput }
>`
  mutation UpdateSegmentStrategy($input: UpdateSegmentStrategyInput!) {
    updateSegmentStrategy(input: $input) {
      segment {
        ...SegmentFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SEGMENT_FIELDS}
  ${USER_ERROR_FIELDS}
`

/** Customers entered or left the segment: the page refetches what it shows. */
export const SEGMENT_MEMBERSHIP_CHANGED = gql<
  { segmentMembershipChanged: SegmentMembershipEvent },
  { segmentId: string }
>`
  subscription SegmentMembershipChanged($segmentId: ID) {
    segmentMembershipChanged(segmentId: $segmentId) {
      at
      enteredCount
      leftCount
      segment {
        id
        memberCount
      }
    }
  }
`

/** The customer page's segments card. */
export const CUSTOMER_SEGMENTS = gql<{ customer: CustomerSegments | null }, { id: string }>`
  query CustomerSegments($id: ID!) {
    customer(id: $id) {
      id
      segments {
        id
        name
        kind
      }
      effectiveStrategy {
        segment {
          id
          name
        }
        strategy {
          ...SegmentStrategyFields
        }
      }
    }
  }
  ${SEGMENT_STRATEGY_FIELDS}
`

/** Customers entering or leaving any segment: the customer page's card refetches when it is about its customer. */
export const SEGMENT_MEMBERS_CHANGED = gql<
  { segmentMembershipChanged: { entered: { id: string }[]; left: { id: string }[] } },
  Record<string, never>
>`
  subscription SegmentMembersChanged {
    segmentMembershipChanged {
      entered {
        id
      }
      left {
        id
      }
    }
  }
`
