/** GraphQL operations of the feedback domain (feedback, complaints, service standards). */
import { gql } from '@/api/client'
import { PAGE_INFO_FIELDS, USER_ERROR_FIELDS } from '@/api/fragments'
import type { Connection, UserError } from '@/api/types'
import type { StaffUser } from '@/accounts/types'
import type { Channel } from '@/interactions/types'
import type {
  Complaint,
  ComplaintCard,
  ComplaintOrder,
  Feedback,
  FeedbackFilterInput,
  FeedbackStats,
  FeedbackListItem,
  FileComplaintInput,
  NeedStatus,
  Priority,
  ServiceStandard,
  Severity,
  SubmitFeedbackInput,
  UpdateServiceStandardInput,
} from './types'

/**
 * A feedback as the timeline and /feedback show it. `channel` is aliased: on the timeline union
 * it would clash with Interaction.channel (the same enum, but non-null there).
 */
export const FEEDBACK_FIELDS = gql`
  fragment FeedbackFields on Feedback {
    id
    kind
    feedbackChannel: channel
    text
    score
    scale
    sentimentLabel
    sentimentScore
    topics
    needStatus
    priority
    occurredAt
    submittedBy {
      id
      name
    }
    submittedByApiKey
  }
`

/** A complaint on the board (a card), on the customer page and in the live feed. */
export const COMPLAINT_CARD_FIELDS = gql`
  fragment ComplaintCardFields on Complaint {
    id
    subject
    severity
    status
    breached
    secondsToDeadline
    firstResponseDueAt
    resolutionDueAt
    createdAt
    updatedAt
    customer {
      id
      name
    }
    assignee {
      id
      name
    }
  }
`

/** A complaint as its page shows it. */
export const COMPLAINT_FIELDS = gql`
  fragment ComplaintFields on Complaint {
    ...ComplaintCardFields
    firstRespondedAt
    resolvedAt
    closedAt
    firstResponseBreachedAt
    resolutionBreachedAt
    resolution
    resolutionRating
    allowedActions
    assignee {
      id
      name
      email
    }
    feedback {
      ...FeedbackFields
    }
    history {
      kind
      fromStatus
      toStatus
      note
      details
      at
      byApiKey
      by {
        id
        name
      }
      assignee {
        id
        name
      }
      previousAssignee {
        id
        name
      }
    }
  }
  ${COMPLAINT_CARD_FIELDS}
  ${FEEDBACK_FIELDS}
`

const COMPLAINT_COLUMN_FIELDS = gql`
  fragment ComplaintColumnFields on ComplaintConnection {
    totalCount
    edges {
      node {
        ...ComplaintCardFields
      }
    }
  }
  ${COMPLAINT_CARD_FIELDS}
`

export type ComplaintColumnConnection = { totalCount: number; edges: { node: ComplaintCard }[] }

export type ComplaintBoardVariables = {
  first: number
  closedFirst: number
  orderBy: ComplaintOrder
  severities: Severity[] | null
  assigneeId: string | null
  unassigned: boolean | null
  breached: boolean | null
  withClosed: boolean
}

export interface ComplaintBoardData {
  new: ComplaintColumnConnection
  acknowledged: ComplaintColumnConnection
  inProgress: ComplaintColumnConnection
  reopened: ComplaintColumnConnection
  resolved: ComplaintColumnConnection
  closed?: ComplaintColumnConnection
}

/**
 * The complaints board: one list per status (aliases), each with its own count, in one request,
 * each in the board's order (the cards loaded are the first of that order: the most urgent by default).
 * CLOSED is asked for only when the board shows it (the API's cost counts it anyway: keep
 * 5 × first + closedFirst small enough for its 1000-point limit, see boardQuery.ts).
 */
export const COMPLAINT_BOARD = gql<ComplaintBoardData, ComplaintBoardVariables>`
  query ComplaintBoard(
    $first: Int!
    $closedFirst: Int!
    $orderBy: ComplaintOrder!
    $severities: [Severity!]
    $assigneeId: ID
    $unassigned: Boolean
    $breached: Boolean
    $withClosed: Boolean!
  ) {
    new: complaints(
      first: $first
      orderBy: $orderBy
      filter: { statuses: [NEW], severities: $severities, assigneeId: $assigneeId, unassigned: $unassigned, breached: $breached }
    ) {
      ...ComplaintColumnFields
    }
    acknowledged: complaints(
      first: $first
      orderBy: $orderBy
      filter: { statuses: [ACKNOWLEDGED], severities: $severities, assigneeId: $assigneeId, unassigned: $unassigned, breached: $breached }
    ) {
      ...ComplaintColumnFields
    }
    inProgress: complaints(
      first: $first
      orderBy: $orderBy
      filter: { statuses: [IN_PROGRESS], severities: $severities, assigneeId: $assigneeId, unassigned: $unassigned, breached: $breached }
    ) {
      ...ComplaintColumnFields
    }
    reopened: complaints(
      first: $first
      orderBy: $orderBy
      filter: { statuses: [REOPENED], severities: $severities, assigneeId: $assigneeId, unassigned: $unassigned, breached: $breached }
    ) {
      ...ComplaintColumnFields
    }
    resolved: complaints(
      first: $first
      orderBy: $orderBy
      filter: { statuses: [RESOLVED], severities: $severities, assigneeId: $assigneeId, unassigned: $unassigned, breached: $breached }
    ) {
      ...ComplaintColumnFields
    }
    closed: complaints(
      first: $closedFirst
      orderBy: $orderBy
      filter: { statuses: [CLOSED], severities: $severities, assigneeId: $assigneeId, unassigned: $unassigned, breached: $breached }
    ) @include(if: $withClosed) {
      ...ComplaintColumnFields
    }
  }
  ${COMPLAINT_COLUMN_FIELDS}
`

/** The staff user picked as the board's assignee filter (its id is in the URL). */
export const BOARD_ASSIGNEE = gql<
  { node: (StaffUser & { __typename: 'User' }) | { __typename: string } | null },
  { id: string }
>`
  query BoardAssignee($id: ID!) {
    node(id: $id) {
      __typename
      ... on User {
        id
        name
        email
        role
      }
    }
  }
`

export const COMPLAINT = gql<{ node: (Complaint & { __typename: 'Complaint' }) | { __typename: string } | null }, { id: string }>`
  query Complaint($id: ID!) {
    node(id: $id) {
      __typename
      ...ComplaintFields
    }
  }
  ${COMPLAINT_FIELDS}
`

/** The open complaints of one customer (the customer page). */
export const CUSTOMER_OPEN_COMPLAINTS = gql<
  { complaints: ComplaintColumnConnection },
  { customerId: string; first: number }
>`
  query CustomerOpenComplaints($customerId: ID!, $first: Int!) {
    complaints(first: $first, filter: { customerId: $customerId, statuses: [NEW, ACKNOWLEDGED, IN_PROGRESS, REOPENED] }) {
      ...ComplaintColumnFields
    }
  }
  ${COMPLAINT_COLUMN_FIELDS}
`

export const FEEDBACK_LIST = gql<
  { feedback: Connection<FeedbackListItem> },
  {
    first?: number | null
    after?: string | null
    last?: number | null
    before?: string | null
    filter: FeedbackFilterInput
  }
>`
  query FeedbackList($first: Int, $after: String, $last: Int, $before: String, $filter: FeedbackFilter) {
    feedback(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...FeedbackFields
          customer {
            id
            name
          }
          complaint {
            id
            status
          }
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
  ${FEEDBACK_FIELDS}
`

const SERVICE_STANDARD_FIELDS = gql`
  fragment ServiceStandardFields on ServiceStandard {
    severity
    firstResponseMinutes
    resolutionMinutes
    updatedAt
  }
`

export const SERVICE_STANDARDS = gql<{ serviceStandards: ServiceStandard[] }, Record<string, never>>`
  query ServiceStandards {
    serviceStandards {
      ...ServiceStandardFields
    }
  }
  ${SERVICE_STANDARD_FIELDS}
`

export const UPDATE_SERVICE_STANDARD = gql<
  { updateServiceStandard: { serviceStandard: ServiceStandard | null; userErrors: UserError[] } },
  { input: UpdateServiceStandardInput }
>`
  mutation UpdateServiceStandard($input: UpdateServiceStandardInput!) {
    updateServiceStandard(input: $input) {
      serviceStandard {
        ...ServiceStandardFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${SERVICE_STANDARD_FIELDS}
  ${USER_ERROR_FIELDS}
`

export type ComplaintPayload<C = Complaint> = { complaint: C | null; userErrors: UserError[] }

export const FILE_COMPLAINT = gql<{ fileComplaint: ComplaintPayload<ComplaintCard> }, { input: FileComplaintInput }>`
  mutation FileComplaint($input: FileComplaintInput!) {
    fileComplaint(input: $input) {
      complaint {
        ...ComplaintCardFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_CARD_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const SUBMIT_FEEDBACK = gql<
  { submitFeedback: { feedback: Feedback | null; userErrors: UserError[] } },
  { input: SubmitFeedbackInput }
>`
  mutation SubmitFeedback($input: SubmitFeedbackInput!) {
    submitFeedback(input: $input) {
      feedback {
        ...FeedbackFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${FEEDBACK_FIELDS}
  ${USER_ERROR_FIELDS}
`

type StepVariables = { input: { id: string; note?: string | null } }

export const ACKNOWLEDGE_COMPLAINT = gql<{ acknowledgeComplaint: ComplaintPayload }, StepVariables>`
  mutation AcknowledgeComplaint($input: ComplaintStepInput!) {
    acknowledgeComplaint(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const START_COMPLAINT_WORK = gql<{ startComplaintWork: ComplaintPayload }, StepVariables>`
  mutation StartComplaintWork($input: ComplaintStepInput!) {
    startComplaintWork(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

/** ResolveComplaintInput: `goodwillPoints` (1 to 100,000) credits the customer's loyalty account; needs loyalty:write. */
export interface ResolveComplaintInput {
  id: string
  resolution: string
  note?: string | null
  goodwillPoints?: number | null
}

export const RESOLVE_COMPLAINT = gql<{ resolveComplaint: ComplaintPayload }, { input: ResolveComplaintInput }>`
  mutation ResolveComplaint($input: ResolveComplaintInput!) {
    resolveComplaint(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const CLOSE_COMPLAINT = gql<{ closeComplaint: ComplaintPayload }, StepVariables>`
  mutation CloseComplaint($input: ComplaintStepInput!) {
    closeComplaint(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const REOPEN_COMPLAINT = gql<{ reopenComplaint: ComplaintPayload }, StepVariables>`
  mutation ReopenComplaint($input: ComplaintStepInput!) {
    reopenComplaint(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const ASSIGN_COMPLAINT = gql<
  { assignComplaint: ComplaintPayload },
  { input: { id: string; assigneeId: string | null; note?: string | null } }
>`
  mutation AssignComplaint($input: AssignComplaintInput!) {
    assignComplaint(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const RATE_COMPLAINT_RESOLUTION = gql<
  { rateComplaintResolution: ComplaintPayload },
  { input: { id: string; score: number; note?: string | null } }
>`
  mutation RateComplaintResolution($input: RateComplaintResolutionInput!) {
    rateComplaintResolution(input: $input) {
      complaint {
        ...ComplaintFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${COMPLAINT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const UPDATE_NEED_STATUS = gql<
  { updateNeedStatus: { feedback: Feedback | null; userErrors: UserError[] } },
  { input: { id: string; status?: NeedStatus | null; priority?: Priority | null } }
>`
  mutation UpdateNeedStatus($input: UpdateNeedStatusInput!) {
    updateNeedStatus(input: $input) {
      feedback {
        ...FeedbackFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${FEEDBACK_FIELDS}
  ${USER_ERROR_FIELDS}
`

/** The live complaint feed (the board): each complaint filed, as it is filed. */
export const COMPLAINT_FILED = gql<{ complaintFiled: ComplaintCard }, { severities: Severity[] | null }>`
  subscription ComplaintFiled($severities: [Severity!]) {
    complaintFiled(severities: $severities) {
      ...ComplaintCardFields
    }
  }
  ${COMPLAINT_CARD_FIELDS}
`

/** One card of the board each time its complaint changes. */
export const COMPLAINT_CARD_UPDATED = gql<{ complaintUpdated: ComplaintCard }, { id: string }>`
  subscription ComplaintCardUpdated($id: ID!) {
    complaintUpdated(id: $id) {
      ...ComplaintCardFields
    }
  }
  ${COMPLAINT_CARD_FIELDS}
`

/** The complaint page: the whole complaint each time it changes. */
export const COMPLAINT_UPDATED = gql<{ complaintUpdated: Complaint }, { id: string }>`
  subscription ComplaintUpdated($id: ID!) {
    complaintUpdated(id: $id) {
      ...ComplaintFields
    }
  }
  ${COMPLAINT_FIELDS}
`

/** The feedback dashboard: scores over a range, their trend, counts per kind and 口碑. */
export const FEEDBACK_STATS = gql<
  { feedbackStats: FeedbackStats },
  { from: string | null; to: string | null; groupBy: 'WEEK' | 'MONTH'; channel: Channel | null; segmentId: string | null }
>`
  query FeedbackStats($from: DateTime, $to: DateTime, $groupBy: Period!, $channel: Channel, $segmentId: ID) {
    feedbackStats(from: $from, to: $to, groupBy: $groupBy, channel: $channel, segmentId: $segmentId) {
      since
      until
      scores {
        nps
        npsAnswers
        promoters
        passives
        detractors
        csat
        csatAnswers
        ces
        cesAnswers
      }
      trend {
        start
        scores {
          nps
          csat
          ces
          npsAnswers
          csatAnswers
        }
      }
      byKind {
        kind
        count
      }
      promoters {
        id
        name
      }
      detractors {
        id
        name
      }
    }
  }
`

/** The dashboard's segment picker: segments by name, a page at a time. */
export const FEEDBACK_DASHBOARD_SEGMENTS = gql<
  {
    segments: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null }
      edges: { node: { id: string; name: string; memberCount: number } }[]
    }
  },
  { first: number; after: string | null }
>`
  query FeedbackDashboardSegments($first: Int!, $after: String) {
    segments(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          memberCount
        }
      }
    }
  }
`
