import { describe, expect, it } from 'vitest'
import { mapUserErrors, normalizeFieldPath, remapListIndex, resolveFieldKey } from './fieldPaths'
import type { UserError } from '@/api/types'

const err = (field: string | null, code = 'INVALID_VALUE'): UserError => ({ field, code, message: `bad ${field}` })

const KEYS = [
  'kind',
  'name',
  'emails',
  'emails.0.value',
  'emails.0.label',
  'emails.1.value',
  'emails.1.label',
  'phones',
  'phones.0.value',
  'tags',
  'ownerId',
  'customAttributes',
]

describe('normalizeFieldPath', () => {
  it('drops the argument name', () => {
    expect(normalizeFieldPath('input.name')).toBe('name')
    expect(normalizeFieldPath('input.emails.1.value')).toBe('emails.1.value')
  })
  it('treats null, empty and the bare argument as the whole form', () => {
    expect(normalizeFieldPath(null)).toBe('')
    expect(normalizeFieldPath('')).toBe('')
    expect(normalizeFieldPath('input')).toBe('')
  })
  it('accepts bracket indexes and snake_case', () => {
    expect(normalizeFieldPath('input.emails[2].value')).toBe('emails.2.value')
    expect(normalizeFieldPath('input.owner_id')).toBe('ownerId')
    expect(normalizeFieldPath('input.custom_attributes.vip_level')).toBe('customAttributes.vipLevel')
  })
  it('keeps paths without the argument name', () => {
    expect(normalizeFieldPath('name')).toBe('name')
    expect(normalizeFieldPath('amount', 'input')).toBe('amount')
  })
  it('uses another root when asked', () => {
    expect(normalizeFieldPath('filter.tags', 'filter')).toBe('tags')
  })
})

describe('resolveFieldKey', () => {
  it('matches exactly', () => {
    expect(resolveFieldKey('emails.1.value', KEYS)).toBe('emails.1.value')
    expect(resolveFieldKey('name', KEYS)).toBe('name')
  })
  it('goes down to the closest input of a row', () => {
    expect(resolveFieldKey('emails.1', KEYS)).toBe('emails.1.value')
    expect(resolveFieldKey('phones.0', KEYS)).toBe('phones.0.value')
  })
  it('goes up to the closest enclosing input', () => {
    expect(resolveFieldKey('customAttributes.vip', KEYS)).toBe('customAttributes')
    expect(resolveFieldKey('tags.3', KEYS)).toBe('tags')
    expect(resolveFieldKey('emails.7.value', KEYS)).toBe('emails')
  })
  it('gives up on unknown paths', () => {
    expect(resolveFieldKey('id', KEYS)).toBeNull()
    expect(resolveFieldKey('', KEYS)).toBeNull()
    expect(resolveFieldKey('nam', KEYS)).toBeNull()
  })
})

describe('remapListIndex', () => {
  it('maps sent indexes back to form rows', () => {
    expect(remapListIndex('emails.0.value', 'emails', [1, 3])).toBe('emails.1.value')
    expect(remapListIndex('emails.1', 'emails', [1, 3])).toBe('emails.3')
  })
  it('leaves other paths and unknown indexes alone', () => {
    expect(remapListIndex('phones.0.value', 'emails', [1])).toBe('phones.0.value')
    expect(remapListIndex('emails.5.value', 'emails', [1])).toBe('emails.5.value')
    expect(remapListIndex('emails', 'emails', [1])).toBe('emails')
    expect(remapListIndex('emailsX.0', 'emails', [1])).toBe('emailsX.0')
  })
})

describe('mapUserErrors', () => {
  it('puts each error next to its input and the rest on the form', () => {
    const errors = [
      err('input.emails.1.value', 'INVALID_EMAIL'),
      err('input.name', 'REQUIRED'),
      err('input.id', 'NOT_FOUND'),
      err(null, 'DUPLICATE'),
      err('input.name', 'TOO_LONG'),
    ]
    const mapped = mapUserErrors(errors, KEYS)
    expect(Object.keys(mapped.fields).sort()).toEqual(['emails.1.value', 'name'])
    expect(mapped.fields['emails.1.value']!.map((e) => e.code)).toEqual(['INVALID_EMAIL'])
    expect(mapped.fields.name!.map((e) => e.code)).toEqual(['REQUIRED', 'TOO_LONG'])
    expect(mapped.form.map((e) => e.code)).toEqual(['NOT_FOUND', 'DUPLICATE'])
  })
  it('applies a rewrite before matching', () => {
    const mapped = mapUserErrors([err('input.emails.0.value', 'INVALID_EMAIL')], KEYS, {
      rewrite: (p) => remapListIndex(p, 'emails', [1]),
    })
    expect(Object.keys(mapped.fields)).toEqual(['emails.1.value'])
  })
  it('returns empty results for no errors', () => {
    expect(mapUserErrors([], KEYS)).toEqual({ fields: {}, form: [] })
  })
})
