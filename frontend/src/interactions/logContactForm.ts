/**
 * The log-contact form's state and its translation to LogContactInput. Pure functions, no Vue.
 */
import type { UserError } from '@/api/types'
import { fromDateTimeLocal, toDateTimeLocal } from './dates'
import { CHANNELS, type Channel, type Consent, type Direction, type LogContactInput, type Outcome } from './types'

export interface LogContactFormState {
  channel: Channel
  direction: Direction
  subject: string
  notes: string
  outcome: Outcome | ''
  /** More about the outcome (free text, sent even without an outcome picked). */
  outcomeNote: string
  /** Minutes, as typed ("5", "2.5"); the API takes seconds. */
  durationMinutes: string
  /** datetime-local value in the browser's zone. */
  occurredAt: string
  /** Still the time the form was opened (untouched): sent as null, so the server logs "now". */
  occurredAtAuto: boolean
  followUpDueAt: string
  followUpNote: string
}

/** The form's inputs, by the path of their userErrors (without `input.`). */
export const LOG_CONTACT_FIELD_KEYS = [
  'channel',
  'direction',
  'subject',
  'notes',
  'outcome',
  'outcomeNote',
  'durationSeconds',
  'occurredAt',
  'followUpDueAt',
  'followUpNote',
] as const

/** Longest contact the API accepts (7 days), in minutes. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60

export function emptyLogContactForm(now: Date, channel: Channel = 'PHONE'): LogContactFormState {
  return {
    channel,
    direction: 'OUTBOUND',
    subject: '',
    notes: '',
    outcome: '',
    outcomeNote: '',
    durationMinutes: '',
    occurredAt: toDateTimeLocal(now),
    occurredAtAuto: true,
    followUpDueAt: '',
    followUpNote: '',
  }
}

/**
 * The channel the form starts with: the preferred one, else the first the customer has not
 * opted out of (an outbound contact there would be refused).
 */
export function defaultChannel(consents: readonly Pick<Consent, 'channel' | 'status'>[], preferred: Channel | null): Channel {
  const optedOut = new Set(consents.filter((c) => c.status === 'OPTED_OUT').map((c) => c.channel))
  if (preferred && !optedOut.has(preferred)) return preferred
  return CHANNELS.find((c) => !optedOut.has(c)) ?? 'PHONE'
}

/** "5" -> 300; "1.5" / "1,5" -> 90; "" -> null; anything else (negative, text, too long) -> undefined. */
export function minutesToSeconds(text: string): number | null | undefined {
  const cleaned = text.trim().replace(',', '.')
  if (!cleaned) return null
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined
  const minutes = Number(cleaned)
  if (!Number.isFinite(minutes) || minutes > MAX_DURATION_MINUTES) return undefined
  return Math.round(minutes * 60)
}

const text = (value: string) => value.trim() || null

export interface BuiltInput {
  input: LogContactInput
  /** Problems found before sending, shaped like the API's userErrors (field `input.<key>`). */
  errors: UserError[]
}

export function buildLogContactInput(
  state: LogContactFormState,
  customerId: string,
  options: { idempotencyKey: string; override?: boolean },
): BuiltInput {
  const errors: UserError[] = []
  const durationSeconds = minutesToSeconds(state.durationMinutes)
  if (durationSeconds === undefined) {
    errors.push({ field: 'input.durationSeconds', code: 'INVALID_VALUE', message: 'Enter the duration in minutes.' })
  }
  let occurredAt: string | null = null
  if (!state.occurredAtAuto) {
    occurredAt = fromDateTimeLocal(state.occurredAt)
    if (!occurredAt) errors.push({ field: 'input.occurredAt', code: 'REQUIRED', message: 'Enter when it happened.' })
  }
  const followUpDueAt = fromDateTimeLocal(state.followUpDueAt)
  if (state.followUpDueAt.trim() && !followUpDueAt) {
    errors.push({ field: 'input.followUpDueAt', code: 'INVALID_VALUE', message: 'This is not a valid time.' })
  } else if (!followUpDueAt && state.followUpNote.trim()) {
    // A note alone would be a follow-up nobody is reminded of.
    errors.push({ field: 'input.followUpDueAt', code: 'REQUIRED', message: 'Pick when to follow up.' })
  }
  const input: LogContactInput = {
    customerId,
    channel: state.channel,
    direction: state.direction,
    subject: text(state.subject),
    notes: text(state.notes),
    outcome: state.outcome || null,
    outcomeNote: text(state.outcomeNote),
    durationSeconds: durationSeconds ?? null,
    occurredAt,
    followUpDueAt,
    followUpNote: followUpDueAt ? text(state.followUpNote) : null,
    override: options.override ?? false,
    idempotencyKey: options.idempotencyKey,
  }
  return { input, errors }
}

/** Did the API refuse the contact for the frequency cap (BLOCK mode)? */
export function isCapRefusal(errors: readonly UserError[]): boolean {
  return errors.some((e) => e.code === 'FREQUENCY_CAP_EXCEEDED')
}
