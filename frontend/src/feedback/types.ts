import type { User } from '@/accounts/types'
import type { Channel, StaffRef } from '@/interactions/types'

export const FEEDBACK_KINDS = ['SURVEY', 'COMPLAINT', 'SUGGESTION', 'PRAISE', 'REQUEST'] as const
export const SCORE_SCALES = ['NPS', 'CSAT', 'CES'] as const
export const SENTIMENT_LABELS = ['NEGATIVE', 'NEUTRAL', 'POSITIVE'] as const
export const NEED_STATUSES = ['IDENTIFIED', 'ANALYZING', 'PLANNED', 'FULFILLED', 'DECLINED'] as const
export const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const
/** Least to most serious (the service-standards page lists them the other way round). */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const
export const COMPLAINT_STATUSES = ['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED', 'RESOLVED', 'CLOSED'] as const
export const COMPLAINT_EVENT_KINDS = ['FILED', 'TRANSITION', 'ASSIGNED', 'RATED', 'BREACHED'] as const
/** The workflow steps the API names in `allowedActions`, in workflow order. */
export const COMPLAINT_ACTIONS = ['acknowledge', 'start_work', 'resolve', 'close', 'reopen'] as const
/** How a complaint list can be ordered (the API's ComplaintOrder); the board offers them all. */
export const COMPLAINT_ORDERS = ['RESOLUTION_DUE', 'FIRST_RESPONSE_DUE', 'SEVERITY', 'NEWEST', 'OLDEST'] as const

export type FeedbackKind = (typeof FEEDBACK_KINDS)[number]
export type ScoreScale = (typeof SCORE_SCALES)[number]
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number]
export type NeedStatus = (typeof NEED_STATUSES)[number]
export type Priority = (typeof PRIORITIES)[number]
export type Severity = (typeof SEVERITIES)[number]
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]
export type ComplaintEventKind = (typeof COMPLAINT_EVENT_KINDS)[number]
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number]
export type ComplaintOrder = (typeof COMPLAINT_ORDERS)[number]

/** What a customer told us (a row of /feedback, an entry on the timeline). */
export interface Feedback {
  id: string
  kind: FeedbackKind
  /** Aliased: on the timeline union it would clash with Interaction.channel (non-null there). */
  feedbackChannel: Channel | null
  text: string | null
  score: number | null
  scale: ScoreScale | null
  sentimentLabel: SentimentLabel | null
  sentimentScore: number | null
  topics: string[]
  needStatus: NeedStatus | null
  priority: Priority | null
  occurredAt: string
  submittedBy: StaffRef | null
  submittedByApiKey: boolean
}

export type CustomerRef = { id: string; name: string }

/** A feedback row of /feedback: with its customer and, for a complaint, the complaint's id. */
export interface FeedbackListItem extends Feedback {
  customer: CustomerRef | null
  complaint: { id: string; status: ComplaintStatus } | null
}

/** A complaint as the board shows it (a card). */
export interface ComplaintCard {
  id: string
  subject: string
  severity: Severity
  status: ComplaintStatus
  breached: boolean
  /** Seconds to the next open deadline when the server answered; negative when overdue, null once resolved. */
  secondsToDeadline: number | null
  firstResponseDueAt: string
  resolutionDueAt: string
  createdAt: string
  updatedAt: string
  customer: CustomerRef | null
  assignee: StaffRef | null
}

export interface ComplaintEvent {
  kind: ComplaintEventKind
  fromStatus: ComplaintStatus | null
  toStatus: ComplaintStatus | null
  note: string | null
  /** JSON: { resolution, goodwill_points? }, { assignee_id, previous_assignee_id }, { score } or { deadline }. */
  details: Record<string, unknown> | null
  at: string
  byApiKey: boolean
  by: StaffRef | null
  /** ASSIGNED: who was given the complaint (null when it was unassigned), and who had it before. */
  assignee: StaffRef | null
  previousAssignee: StaffRef | null
}

/** A complaint as its page shows it. */
export interface Complaint extends ComplaintCard {
  firstRespondedAt: string | null
  resolvedAt: string | null
  closedAt: string | null
  firstResponseBreachedAt: string | null
  resolutionBreachedAt: string | null
  resolution: string | null
  resolutionRating: number | null
  allowedActions: string[]
  assignee: (StaffRef & Partial<Pick<User, 'email'>>) | null
  feedback: Feedback | null
  history: ComplaintEvent[]
}

export interface ComplaintFilterInput {
  statuses?: ComplaintStatus[] | null
  severities?: Severity[] | null
  assigneeId?: string | null
  unassigned?: boolean | null
  breached?: boolean | null
  customerId?: string | null
}

export interface FeedbackFilterInput {
  customerId?: string | null
  kinds?: FeedbackKind[] | null
  scale?: ScoreScale | null
  sentiment?: SentimentLabel | null
  needStatuses?: NeedStatus[] | null
}

export interface FileComplaintInput {
  customerId: string
  text: string
  subject?: string | null
  severity: Severity
  channel?: Channel | null
  idempotencyKey?: string | null
}

export interface SubmitFeedbackInput {
  customerId: string
  kind: FeedbackKind
  channel?: Channel | null
  text?: string | null
  score?: number | null
  scale?: ScoreScale | null
  idempotencyKey?: string | null
}

/** How fast complaints of one severity are answered and resolved. */
export interface ServiceStandard {
  severity: Severity
  firstResponseMinutes: number
  resolutionMinutes: number
  updatedAt: string
}

export interface UpdateServiceStandardInput {
  severity: Severity
  firstResponseMinutes?: number | null
  resolutionMinutes?: number | null
}

/** ScoreSummary: NPS -100..100, CSAT % of 4-5 answers, CES average 1-7; null without answers. */
export interface ScoreSummary {
  nps: number | null
  npsAnswers: number
  promoters: number
  passives: number
  detractors: number
  csat: number | null
  csatAnswers: number
  ces: number | null
  cesAnswers: number
}

export interface FeedbackPeriod {
  start: string
  scores: Pick<ScoreSummary, 'nps' | 'csat' | 'ces' | 'npsAnswers' | 'csatAnswers'>
}

export interface FeedbackStats {
  since: string
  until: string
  scores: ScoreSummary
  trend: FeedbackPeriod[]
  byKind: { kind: FeedbackKind; count: number }[]
  promoters: { id: string; name: string }[]
  detractors: { id: string; name: string }[]
}
