import { describe, expect, it } from 'vitest'
import { mapUserErrors } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import {
  LOG_CONTACT_FIELD_KEYS,
  buildLogContactInput,
  defaultChannel,
  emptyLogContactForm,
  isCapRefusal,
  minutesToSeconds,
  type LogContactFormState,
} from './logContactForm'
import { LOG_CONTACT } from './operations'

const NOW = new Date(2026, 4, 17, 9, 30)
const CUSTOMER = 'Q3VzdG9tZXI6MQ=='
const KEY = '5b0e7c1e-2f4a-4c8e-9d7a-0f1e2d3c4b5a'

function state(extra: Partial<LogContactFormState> = {}): LogContactFormState {
  return { ...emptyLogContactForm(NOW), ...extra }
}

describe('emptyLogContactForm', () => {
  it('starts outbound, by phone, now', () => {
    const s = emptyLogContactForm(NOW)
    expect(s.direction).toBe('OUTBOUND')
    expect(s.channel).toBe('PHONE')
    expect(s.occurredAt).toBe('2026-05-17T09:30')
    expect(s.occurredAtAuto).toBe(true)
    expect(emptyLogContactForm(NOW, 'WECHAT').channel).toBe('WECHAT')
  })
})

describe('defaultChannel', () => {
  const out = (channel: 'PHONE' | 'SMS' | 'WECHAT') => ({ channel, status: 'OPTED_OUT' as const })
  it('starts on the preferred channel', () => {
    expect(defaultChannel([], 'WECHAT')).toBe('WECHAT')
  })
  it('never starts on a channel the customer opted out of', () => {
    expect(defaultChannel([out('WECHAT')], 'WECHAT')).toBe('PHONE')
    expect(defaultChannel([out('PHONE')], null)).toBe('EMAIL')
    expect(defaultChannel([{ channel: 'PHONE', status: 'OPTED_IN' }], null)).toBe('PHONE')
  })
})

describe('minutesToSeconds', () => {
  it('converts minutes as typed to seconds', () => {
    expect(minutesToSeconds('5')).toBe(300)
    expect(minutesToSeconds(' 1.5 ')).toBe(90)
    expect(minutesToSeconds('1,5')).toBe(90)
    expect(minutesToSeconds('0')).toBe(0)
    expect(minutesToSeconds('0.01')).toBe(1)
  })
  it('gives null for nothing and undefined for what is not a duration', () => {
    expect(minutesToSeconds('')).toBeNull()
    expect(minutesToSeconds('  ')).toBeNull()
    expect(minutesToSeconds('-3')).toBeUndefined()
    expect(minutesToSeconds('ten')).toBeUndefined()
    expect(minutesToSeconds('1e3')).toBeUndefined()
    expect(minutesToSeconds(String(7 * 24 * 60 + 1))).toBeUndefined()
    expect(minutesToSeconds(String(7 * 24 * 60))).toBe(7 * 24 * 3600)
  })
})

describe('buildLogContactInput', () => {
  it('maps a minimal form: blanks become null, occurredAt left to the server', () => {
    const { input, errors } = buildLogContactInput(state({ subject: '  Asked about delivery ' }), CUSTOMER, { idempotencyKey: KEY })
    expect(errors).toEqual([])
    expect(input).toEqual({
      customerId: CUSTOMER,
      channel: 'PHONE',
      direction: 'OUTBOUND',
      subject: 'Asked about delivery',
      notes: null,
      outcome: null,
      outcomeNote: null,
      durationSeconds: null,
      occurredAt: null,
      followUpDueAt: null,
      followUpNote: null,
      override: false,
      idempotencyKey: KEY,
    })
    expect(variableErrors(LOG_CONTACT, { input })).toEqual([])
  })

  it('maps every field: minutes to seconds, local times to offset times', () => {
    const { input, errors } = buildLogContactInput(
      state({
        channel: 'SMS',
        direction: 'INBOUND',
        notes: 'Wants the blue one.\nCall back.',
        outcome: 'INTERESTED',
        outcomeNote: ' Will decide after the holiday ',
        durationMinutes: '12',
        occurredAt: '2026-05-16T18:05',
        occurredAtAuto: false,
        followUpDueAt: '2026-05-20T10:00',
        followUpNote: ' Send the quote ',
      }),
      CUSTOMER,
      { idempotencyKey: KEY, override: true },
    )
    expect(errors).toEqual([])
    expect(input).toMatchObject({
      channel: 'SMS',
      direction: 'INBOUND',
      notes: 'Wants the blue one.\nCall back.',
      outcome: 'INTERESTED',
      outcomeNote: 'Will decide after the holiday',
      durationSeconds: 720,
      followUpNote: 'Send the quote',
      override: true,
    })
    expect(Date.parse(input.occurredAt!)).toBe(new Date(2026, 4, 16, 18, 5).getTime())
    expect(Date.parse(input.followUpDueAt!)).toBe(new Date(2026, 4, 20, 10, 0).getTime())
    expect(input.occurredAt).toMatch(/[+-]\d{2}:\d{2}$/)
    expect(variableErrors(LOG_CONTACT, { input })).toEqual([])
  })

  it('reports what it cannot send on the fields, like the API would', () => {
    const { errors } = buildLogContactInput(
      state({ durationMinutes: 'long', occurredAt: '', occurredAtAuto: false, followUpDueAt: '2026-02-30T10:00' }),
      CUSTOMER,
      { idempotencyKey: KEY },
    )
    const mapped = mapUserErrors(errors, LOG_CONTACT_FIELD_KEYS)
    expect(Object.keys(mapped.fields).sort()).toEqual(['durationSeconds', 'followUpDueAt', 'occurredAt'])
    expect(mapped.form).toEqual([])
  })

  it('sends an outcome note on its own too (the timeline shows it without an outcome)', () => {
    const { input, errors } = buildLogContactInput(state({ outcomeNote: 'Line was busy' }), CUSTOMER, { idempotencyKey: KEY })
    expect(errors).toEqual([])
    expect(input).toMatchObject({ outcome: null, outcomeNote: 'Line was busy' })
    expect(variableErrors(LOG_CONTACT, { input })).toEqual([])
    expect(buildLogContactInput(state({ outcomeNote: '   ' }), CUSTOMER, { idempotencyKey: KEY }).input.outcomeNote).toBeNull()
  })

  it('asks for a follow-up time when only a follow-up note is given', () => {
    const { errors } = buildLogContactInput(state({ followUpNote: 'call again' }), CUSTOMER, { idempotencyKey: KEY })
    expect(errors).toEqual([expect.objectContaining({ field: 'input.followUpDueAt', code: 'REQUIRED' })])
  })
})

describe('the API refusals land where the form shows them', () => {
  const refusals = [
    { field: 'input.channel', code: 'CONSENT_WITHDRAWN', message: 'The customer opted out of contacts on this channel.' },
    { field: 'input.customerId', code: 'FREQUENCY_CAP_EXCEEDED', message: 'Cap reached.' },
    { field: 'input.outcomeNote', code: 'TOO_LONG', message: 'At most 500 characters.' },
  ]
  it('consent on the channel field, a too long outcome note on its field, the cap on the form', () => {
    const mapped = mapUserErrors(refusals, LOG_CONTACT_FIELD_KEYS)
    expect(mapped.fields.channel?.map((e) => e.code)).toEqual(['CONSENT_WITHDRAWN'])
    expect(mapped.fields.outcomeNote?.map((e) => e.code)).toEqual(['TOO_LONG'])
    expect(mapped.form.map((e) => e.code)).toEqual(['FREQUENCY_CAP_EXCEEDED'])
  })
  it('offers the override only for the cap', () => {
    expect(isCapRefusal(refusals)).toBe(true)
    expect(isCapRefusal([refusals[0]!])).toBe(false)
    expect(isCapRefusal([])).toBe(false)
  })
})
