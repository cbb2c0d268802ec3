import { describe, expect, it } from 'vitest'
import { mapUserErrors } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import { CONTACT_POLICY_FIELD_KEYS, buildContactPolicyInput, contactPolicyFormState, wholeNumber } from './contactPolicyForm'
import { UPDATE_CONTACT_POLICY } from './operations'
import type { ContactPolicy } from './types'

const POLICY: ContactPolicy = {
  maxContacts: 3,
  windowDays: 7,
  mode: 'WARN',
  updatedAt: '2026-05-17T09:30:00+00:00',
  updatedBy: null,
}

describe('contactPolicyFormState', () => {
  it('shows the policy in force', () => {
    expect(contactPolicyFormState(POLICY)).toEqual({ maxContacts: '3', windowDays: '7', mode: 'WARN' })
  })
})

describe('wholeNumber', () => {
  it('reads whole numbers as typed', () => {
    expect(wholeNumber('5')).toBe(5)
    expect(wholeNumber(' 30 ')).toBe(30)
    expect(wholeNumber('0')).toBe(0)
  })
  it('refuses what is not one (or would not fit a GraphQL Int)', () => {
    for (const text of ['', ' ', '-1', '2.5', '1e3', 'three', '1234567890']) expect(wholeNumber(text), text).toBeUndefined()
  })
})

describe('buildContactPolicyInput', () => {
  it('sends only what changed', () => {
    const built = buildContactPolicyInput({ maxContacts: '1', windowDays: '7', mode: 'BLOCK' }, POLICY)
    expect(built).toEqual({ input: { maxContacts: 1, mode: 'BLOCK' }, errors: [], changed: true })
    expect(variableErrors(UPDATE_CONTACT_POLICY, { input: built.input })).toEqual([])
  })

  it('sends every value when every value changed', () => {
    const { input } = buildContactPolicyInput({ maxContacts: '5', windowDays: '30', mode: 'BLOCK' }, POLICY)
    expect(input).toEqual({ maxContacts: 5, windowDays: 30, mode: 'BLOCK' })
    expect(variableErrors(UPDATE_CONTACT_POLICY, { input })).toEqual([])
  })

  it('knows when nothing changed', () => {
    expect(buildContactPolicyInput(contactPolicyFormState(POLICY), POLICY)).toEqual({ input: {}, errors: [], changed: false })
    expect(buildContactPolicyInput({ maxContacts: ' 03', windowDays: '7 ', mode: 'WARN' }, POLICY).changed).toBe(false)
  })

  it('leaves the ranges to the API: 0 and 366 are sent', () => {
    const { input, errors } = buildContactPolicyInput({ maxContacts: '0', windowDays: '366', mode: 'WARN' }, POLICY)
    expect(errors).toEqual([])
    expect(input).toEqual({ maxContacts: 0, windowDays: 366 })
  })

  it('reports what it cannot send on the fields, like the API would', () => {
    const { errors, changed } = buildContactPolicyInput({ maxContacts: 'many', windowDays: '', mode: 'WARN' }, POLICY)
    expect(changed).toBe(true)
    const mapped = mapUserErrors(errors, CONTACT_POLICY_FIELD_KEYS)
    expect(Object.keys(mapped.fields).sort()).toEqual(['maxContacts', 'windowDays'])
    expect(mapped.form).toEqual([])
  })
})

describe('the API refusals land on their fields', () => {
  it('maxContacts and windowDays (snake or camel case paths)', () => {
    const mapped = mapUserErrors(
      [
        { field: 'input.maxContacts', code: 'INVALID_VALUE', message: 'Between 1 and 1000.' },
        { field: 'input.window_days', code: 'INVALID_VALUE', message: 'Between 1 and 365 days.' },
        { field: null, code: 'FORBIDDEN', message: 'No.' },
      ],
      CONTACT_POLICY_FIELD_KEYS,
    )
    expect(mapped.fields.maxContacts?.map((e) => e.message)).toEqual(['Between 1 and 1000.'])
    expect(mapped.fields.windowDays?.map((e) => e.message)).toEqual(['Between 1 and 365 days.'])
    expect(mapped.form.map((e) => e.code)).toEqual(['FORBIDDEN'])
  })
})
