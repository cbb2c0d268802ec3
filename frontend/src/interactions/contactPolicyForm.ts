/**
 * The contact-policy settings form's state and its translation to UpdateContactPolicyInput.
 * Pure functions, no Vue. The API checks the ranges (1 to 1000 contacts, 1 to 365 days) and
 * answers with userErrors on `input.maxContacts` / `input.windowDays`.
 */
import type { UserError } from '@/api/types'
import type { ContactPolicy, PolicyMode, UpdateContactPolicyInput } from './types'

export interface ContactPolicyFormState {
  /** As typed. */
  maxContacts: string
  /** As typed. */
  windowDays: string
  mode: PolicyMode
}

/** The form's inputs, by the path of their userErrors (without `input.`). */
export const CONTACT_POLICY_FIELD_KEYS = ['maxContacts', 'windowDays', 'mode'] as const

export function contactPolicyFormState(policy: Pick<ContactPolicy, 'maxContacts' | 'windowDays' | 'mode'>): ContactPolicyFormState {
  return { maxContacts: String(policy.maxContacts), windowDays: String(policy.windowDays), mode: policy.mode }
}

/** "3" -> 3; anything that is not a whole number GraphQL's Int can carry -> undefined. */
export function wholeNumber(text: string): number | undefined {
  const cleaned = text.trim()
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : undefined
}

export interface BuiltPolicyInput {
  /** Only the values that differ from the policy shown: a change made meanwhile elsewhere stays. */
  input: UpdateContactPolicyInput
  /** Problems found before sending, shaped like the API's userErrors (field `input.<key>`). */
  errors: UserError[]
  /** False when nothing differs from the policy shown. */
  changed: boolean
}

export function buildContactPolicyInput(state: ContactPolicyFormState, current: ContactPolicy): BuiltPolicyInput {
  const errors: UserError[] = []
  const input: UpdateContactPolicyInput = {}
  for (const key of ['maxContacts', 'windowDays'] as const) {
    const value = wholeNumber(state[key])
    if (value === undefined) {
      errors.push({ field: `input.${key}`, code: 'INVALID_VALUE', message: 'Enter a whole number.' })
    } else if (value !== current[key]) {
      input[key] = value
    }
  }
  if (state.mode !== current.mode) input.mode = state.mode
  return { input, errors, changed: errors.length > 0 || Object.keys(input).length > 0 }
}
