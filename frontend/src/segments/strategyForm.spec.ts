import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { UPDATE_SEGMENT_STRATEGY } from './operations'
import { buildStrategyInput, clearStrategyInput, strategyFormState, trimDecimal } from './strategyForm'

describe('strategyFormState', () => {
  it('is empty without a strategy', () => {
    expect(strategyFormState(null)).toEqual({ priority: '', serviceLevel: '', discount: '', channel: '', capMax: '', capDays: '' })
  })
  it('shows a strategy', () => {
    expect(
      strategyFormState({ servicePriority: 1, serviceLevel: 'VIP hotline', discountPercent: '12.50', preferredChannel: 'WECHAT', contactCap: { maxContacts: 2, windowDays: 30 } }),
    ).toEqual({ priority: '1', serviceLevel: 'VIP hotline', discount: '12.5', channel: 'WECHAT', capMax: '2', capDays: '30' })
  })
  it('trims decimals', () => {
    expect(trimDecimal('10.00')).toBe('10')
    expect(trimDecimal('12.50')).toBe('12.5')
    expect(trimDecimal('7')).toBe('7')
  })
})

describe('buildStrategyInput', () => {
  it('sends every field', () => {
    const { input, errors } = buildStrategyInput('U2VnbWVudDox', { priority: '2', serviceLevel: ' VIP ', discount: '8.5 %', channel: 'PHONE', capMax: '3', capDays: '14' })
    expect(errors).toEqual([])
    expect(input).toEqual({
      segmentId: 'U2VnbWVudDox',
      servicePriority: 2,
      serviceLevel: 'VIP',
      discountPercent: '8.5',
      preferredChannel: 'PHONE',
      contactCapMax: 3,
      contactCapWindowDays: 14,
    })
    expect(variableErrors(UPDATE_SEGMENT_STRATEGY, { input })).toEqual([])
  })
  it('sends null for what is left empty (the API wants a priority with the rest)', () => {
    const { input } = buildStrategyInput('S', { priority: '', serviceLevel: '', discount: '', channel: '', capMax: '', capDays: '' })
    expect(input).toEqual(clearStrategyInput('S'))
  })
  it('refuses discounts and caps that are not numbers', () => {
    const { errors } = buildStrategyInput('S', { priority: '1', serviceLevel: '', discount: '101', channel: '', capMax: 'two', capDays: '1.5' })
    expect(errors.map((e) => e.field)).toEqual(['input.discountPercent', 'input.contactCapMax', 'input.contactCapWindowDays'])
    expect(buildStrategyInput('S', { priority: '1', serviceLevel: '', discount: '9.999', channel: '', capMax: '', capDays: '' }).errors).toHaveLength(1)
  })
})
