import { describe, expect, it } from 'vitest'
import { mapUserErrors, remapListIndex } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import {
  buildCreateInput,
  buildFields,
  buildUpdateInput,
  contactPoints,
  contactRow,
  emptyFormState,
  fieldKeys,
  formStateFromCustomer,
  parseCustomAttributes,
  setPrimary,
} from './customerForm'
import { CREATE_CUSTOMER, UPDATE_CUSTOMER } from './operations'
import type { Customer } from './types'

const customer: Customer = {
  id: 'Q3VzdG9tZXI6MQ==',
  kind: 'PERSON',
  name: '王小明',
  primaryEmail: 'wang@example.cn',
  primaryPhone: '+8613800000000',
  city: '上海',
  lifecycleStage: 'PURCHASER',
  isArchived: false,
  owner: { id: 'VXNlcjox', name: 'Li Na' },
  tags: ['vip', '华东'],
  emails: [
    { value: 'old@example.cn', primary: false, label: 'old' },
    { value: 'wang@example.cn', primary: true, label: null },
  ],
  phones: [{ value: '+8613800000000', primary: true, label: 'mobile' }],
  wechatId: 'wxm',
  address: null,
  gender: 'MALE',
  birthday: '1990-05-17',
  birthMonth: 5,
  occupation: null,
  incomeBand: 'MIDDLE',
  industry: null,
  companySize: null,
  country: 'CN',
  province: '上海',
  geographyClass: 'LOCAL',
  acquisitionChannel: 'referral',
  acquisitionCampaign: null,
  customAttributes: { shoeSize: 42 },
  lifecycleStagePinned: false,
  externalReference: null,
  createdAt: '2026-01-01T00:00:00+00:00',
  updatedAt: '2026-01-02T00:00:00+00:00',
  archivedAt: null,
}

describe('contactPoints', () => {
  it('leaves out blank rows and keeps the marked primary', () => {
    const list = [contactRow(' '), contactRow('a@x.cn'), contactRow('b@x.cn', true, ' work ')]
    expect(contactPoints(list)).toEqual({
      points: [
        { value: 'a@x.cn', primary: false, label: null },
        { value: 'b@x.cn', primary: true, label: 'work' },
      ],
      sentToRow: [1, 2],
    })
  })
  it('makes the first point primary when the primary row was blank', () => {
    const list = [contactRow('', true), contactRow('a@x.cn'), contactRow('b@x.cn')]
    expect(contactPoints(list).points.map((p) => p.primary)).toEqual([true, false])
  })
  it('setPrimary marks exactly one row', () => {
    const list = [contactRow('a', true), contactRow('b'), contactRow('c')]
    setPrimary(list, list[2]!.key)
    expect(list.map((r) => r.primary)).toEqual([false, false, true])
  })
})

describe('parseCustomAttributes', () => {
  it('accepts an object or nothing', () => {
    expect(parseCustomAttributes('')).toEqual({ value: null, problem: null })
    expect(parseCustomAttributes('{"vip": true}')).toEqual({ value: { vip: true }, problem: null })
  })
  it('rejects bad JSON and non-objects', () => {
    expect(parseCustomAttributes('{vip}').problem).toBe('invalidJson')
    expect(parseCustomAttributes('[1]').problem).toBe('notAnObject')
    expect(parseCustomAttributes('3').problem).toBe('notAnObject')
  })
})

describe('buildCreateInput', () => {
  it('sends only what was filled in, with the idempotency key', () => {
    const state = emptyFormState({ id: 'VXNlcjox', name: 'Li Na' })
    state.name = '  Acme 有限公司 '
    state.kind = 'COMPANY'
    state.emails[0]!.value = 'hi@acme.cn'
    state.phones.push(contactRow('+86 21 5555 0000', false, 'office'))
    state.tagsText = 'b2b，key'
    state.country = 'cn'
    state.companySize = 'LARGE'
    const input = buildCreateInput(buildFields(state), 'key-1')
    expect(input).toEqual({
      idempotencyKey: 'key-1',
      kind: 'COMPANY',
      name: 'Acme 有限公司',
      emails: [{ value: 'hi@acme.cn', primary: true, label: null }],
      phones: [{ value: '+86 21 5555 0000', primary: true, label: 'office' }],
      companySize: 'LARGE',
      country: 'CN',
      ownerId: 'VXNlcjox',
      tags: ['b2b', 'key'],
    })
    expect(variableErrors(CREATE_CUSTOMER, { input })).toEqual([])
  })
  it('is accepted by the schema with every field set', () => {
    const state = formStateFromCustomer(customer)
    const input = buildCreateInput(buildFields(state), 'key-2')
    expect(variableErrors(CREATE_CUSTOMER, { input })).toEqual([])
  })
})

describe('buildUpdateInput', () => {
  it('sends nothing but the id when nothing changed', () => {
    const initial = buildFields(formStateFromCustomer(customer))
    const again = buildFields(formStateFromCustomer(customer))
    expect(buildUpdateInput(customer.id, again, initial)).toEqual({ id: customer.id })
  })
  it('sends changed fields, null for cleared ones', () => {
    const initial = buildFields(formStateFromCustomer(customer))
    const state = formStateFromCustomer(customer)
    state.wechatId = ''
    state.city = '杭州'
    state.owner = null
    state.customAttributesText = ''
    setPrimary(state.emails, state.emails[0]!.key)
    const input = buildUpdateInput(customer.id, buildFields(state), initial)
    expect(input).toEqual({
      id: customer.id,
      emails: [
        { value: 'old@example.cn', primary: true, label: 'old' },
        { value: 'wang@example.cn', primary: false, label: null },
      ],
      wechatId: null,
      city: '杭州',
      ownerId: null,
      customAttributes: null,
    })
    expect(variableErrors(UPDATE_CUSTOMER, { input })).toEqual([])
  })
})

describe('userErrors on the customer form', () => {
  it('go to the form row that was sent, even when blank rows were left out', () => {
    const state = emptyFormState()
    state.name = 'x'
    state.emails = [contactRow('', false), contactRow('not-an-email', true)]
    const built = buildFields(state)
    const mapped = mapUserErrors(
      [
        { field: 'input.emails.0.value', code: 'INVALID_EMAIL', message: 'bad' },
        { field: 'input.name', code: 'TOO_LONG', message: 'long' },
      ],
      fieldKeys(state),
      { rewrite: (p) => remapListIndex(remapListIndex(p, 'emails', built.rowMaps.emails), 'phones', built.rowMaps.phones) },
    )
    expect(Object.keys(mapped.fields).sort()).toEqual(['emails.1.value', 'name'])
    expect(mapped.form).toEqual([])
  })
})
