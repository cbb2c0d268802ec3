/** GraphQL operations of the interactions domain (contacts, the timeline, consent, care reminders). */
import { gql } from '@/api/client'
import { PAGE_INFO_FIELDS, USER_ERROR_FIELDS } from '@/api/fragments'
import { FEEDBACK_FIELDS } from '@/feedback/operations'
import type { UserError } from '@/api/types'
import type {
  CareReminder,
  Channel,
  Consent,
  ConsentStatus,
  ContactPolicy,
  CustomerContact,
  Interaction,
  LogContactInput,
  TimelineConnection,
  TimelineKind,
  UpdateContactPolicyInput,
  UserWarning,
} from './types'

export const INTERACTION_FIELDS = gql`
  fragment InteractionFields on Interaction {
    id
    channel
    direction
    subject
    notes
    outcome
    outcomeNote
    durationSeconds
    occurredAt
    followUpDueAt
    followUpNote
    followUpCompletedAt
    followUpOpen
    overCap
    capOverridden
    loggedByApiKey
    loggedBy {
      id
      name
    }
    createdAt
  }
`

/**
 * A purchase on the timeline. `channel` is aliased: on the union it would clash with
 * Interaction.channel (another enum), which GraphQL refuses.
 */
export const TIMELINE_PURCHASE_FIELDS = gql`
  fragment TimelinePurchaseFields on Purchase {
    id
    amount
    currency
    occurredAt
    purchaseChannel: channel
    source
    externalOrderId
    refunded
    refundedAt
  }
`

export const CONSENT_FIELDS = gql`
  fragment ConsentFields on Consent {
    channel
    status
    source
    note
    setAt
    setByApiKey
    setBy {
      id
      name
    }
  }
`

export const CUSTOMER_CONTACT_FIELDS = gql`
  fragment CustomerContactFields on Customer {
    id
    consents {
      ...ConsentFields
    }
    contactBudget {
      used
      limit
      windowDays
      mode
      nextAvailableAt
      exhausted
    }
    preferredChannel
    lastContactAt
  }
  ${CONSENT_FIELDS}
`

/** Consent, contact budget, preferred channel and last contact of one customer. */
export const CUSTOMER_CONTACT = gql<{ customer: CustomerContact | null }, { id: string }>`
  query CustomerContact($id: ID!) {
    customer(id: $id) {
      ...CustomerContactFields
    }
  }
  ${CUSTOMER_CONTACT_FIELDS}
`

export const CONSENT_HISTORY = gql<
  { customer: { id: string; consentHistory: Consent[] } | null },
  { id: string; channel: Channel }
>`
  query ConsentHistory($id: ID!, $channel: Channel) {
    customer(id: $id) {
      id
      consentHistory(channel: $channel) {
        ...ConsentFields
      }
    }
  }
  ${CONSENT_FIELDS}
`

export const CUSTOMER_TIMELINE = gql<
  { customer: { id: string; timeline: TimelineConnection } | null },
  { id: string; first: number; after?: string | null; kinds?: TimelineKind[] | null }
>`
  query CustomerTimeline($id: ID!, $first: Int, $after: String, $kinds: [TimelineKind!]) {
    customer(id: $id) {
      id
      timeline(first: $first, after: $after, kinds: $kinds) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          cursor
          kind
          occurredAt
          node {
            __typename
            ... on Interaction {
              ...InteractionFields
            }
            ... on Purchase {
              ...TimelinePurchaseFields
            }
            ... on Feedback {
              ...FeedbackFields
            }
          }
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
  ${INTERACTION_FIELDS}
  ${TIMELINE_PURCHASE_FIELDS}
  ${FEEDBACK_FIELDS}
`

export type LogContactPayload = {
  interaction: Interaction | null
  customer: CustomerContact | null
  userErrors: UserError[]
  warnings: UserWarning[]
}

export const LOG_CONTACT = gql<{ logContact: LogContactPayload }, { input: LogContactInput }>`
  mutation LogContact($input: LogContactInput!) {
    logContact(input: $input) {
      interaction {
        ...InteractionFields
      }
      customer {
        ...CustomerContactFields
      }
      userErrors {
        ...UserErrorFields
      }
      warnings {
        field
        message
        code
      }
    }
  }
  ${INTERACTION_FIELDS}
  ${CUSTOMER_CONTACT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const COMPLETE_FOLLOW_UP = gql<
  { completeFollowUp: { interaction: Interaction | null; userErrors: UserError[] } },
  { input: { id: string } }
>`
  mutation CompleteFollowUp($input: CompleteFollowUpInput!) {
    completeFollowUp(input: $input) {
      interaction {
        ...InteractionFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${INTERACTION_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const SET_CONSENT = gql<
  { setConsent: { consent: Consent | null; customer: CustomerContact | null; userErrors: UserError[] } },
  {
    input: {
      customerId: string
      channel: Channel
      status: ConsentStatus
      source?: string | null
      note?: string | null
    }
  }
>`
  mutation SetConsent($input: SetConsentInput!) {
    setConsent(input: $input) {
      consent {
        ...ConsentFields
      }
      customer {
        ...CustomerContactFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_CONTACT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const SET_PREFERRED_CHANNEL = gql<
  { setPreferredChannel: { customer: CustomerContact | null; userErrors: UserError[] } },
  { input: { customerId: string; channel: Channel | null } }
>`
  mutation SetPreferredChannel($input: SetPreferredChannelInput!) {
    setPreferredChannel(input: $input) {
      customer {
        ...CustomerContactFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CUSTOMER_CONTACT_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const CARE_REMINDERS = gql<
  { careReminders: CareReminder[] },
  { dueBefore?: string | null; ownerId?: string | null; first: number }
>`
  query CareReminders($dueBefore: DateTime, $ownerId: ID, $first: Int!) {
    careReminders(dueBefore: $dueBefore, ownerId: $ownerId, first: $first) {
      reason
      dueAt
      note
      lastContactAt
      customer {
        id
        name
        primaryPhone
        owner {
          id
          name
        }
      }
      interaction {
        id
        channel
        subject
        followUpOpen
      }
    }
  }
`

export const CONTACT_POLICY_FIELDS = gql`
  fragment ContactPolicyFields on ContactPolicy {
    maxContacts
    windowDays
    mode
    updatedAt
    updatedBy {
      name
    }
  }
`

/** The contact-frequency policy in force (the settings page). */
export const CONTACT_POLICY = gql<{ contactPolicy: ContactPolicy }, Record<string, never>>`
  query ContactPolicy {
    contactPolicy {
      ...ContactPolicyFields
    }
  }
  ${CONTACT_POLICY_FIELDS}
`

/** Change the policy (ADMIN: contactpolicy:manage); only the values given change. */
export const UPDATE_CONTACT_POLICY = gql<
  { updateContactPolicy: { contactPolicy: ContactPolicy | null; userErrors: UserError[] } },
  { input: UpdateContactPolicyInput }
>`
  mutation UpdateContactPolicy($input: UpdateContactPolicyInput!) {
    updateContactPolicy(input: $input) {
      contactPolicy {
        ...ContactPolicyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${CONTACT_POLICY_FIELDS}
  ${USER_ERROR_FIELDS}
`

/** Each contact logged with the customer, as it is logged (graphql-transport-ws). */
export const INTERACTION_LOGGED = gql<{ interactionLogged: Interaction }, { customerId: string }>`
  subscription InteractionLogged($customerId: ID) {
    interactionLogged(customerId: $customerId) {
      ...InteractionFields
    }
  }
  ${INTERACTION_FIELDS}
`
