/**
 * The "file a complaint" form's state and its translation to FileComplaintInput. Pure functions,
 * no Vue. The API checks the same (and more) and answers with userErrors on `input.<key>`.
 */
import type { UserError } from '@/api/types'
import type { Channel } from '@/interactions/types'
import type { FileComplaintInput, Severity } from './types'

export interface ComplaintFormState {
  subject: string
  text: string
  severity: Severity
  channel: Channel | ''
}

/** The form's inputs, by the path of their userErrors (without `input.`). */
export const COMPLAINT_FIELD_KEYS = ['subject', 'text', 'severity', 'channel'] as const

export const MAX_SUBJECT = 200
export const MAX_TEXT = 10_000

export function emptyComplaintForm(): ComplaintFormState {
  return { subject: '', text: '', severity: 'MEDIUM', channel: '' }
}

export function buildFileComplaintInput(
  state: ComplaintFormState,
  customerId: string,
  idempotencyKey: string,
): { input: FileComplaintInput; errors: UserError[] } {
  const errors: UserError[] = []
  const text = state.text.trim()
  const subject = state.subject.trim()
  if (!text) errors.push({ field: 'input.text', code: 'REQUIRED', message: 'Say what the customer said.' })
  else if (text.length > MAX_TEXT) errors.push({ field: 'input.text', code: 'TOO_LONG', message: `At most ${MAX_TEXT} characters.` })
  if (subject.length > MAX_SUBJECT) {
    errors.push({ field: 'input.subject', code: 'TOO_LONG', message: `At most ${MAX_SUBJECT} characters.` })
  }
  return {
    input: {
      customerId,
      text,
      // Without one, the API takes the text's first line.
      subject: subject || null,
      severity: state.severity,
      channel: state.channel || null,
      idempotencyKey,
    },
    errors,
  }
}
