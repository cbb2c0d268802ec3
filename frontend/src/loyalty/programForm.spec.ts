import { describe, expect, it } from 'vitest'
import { mapUserErrors } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import { UPDATE_LOYALTY_PROGRAM } from './operations'
import {
  addTier,
  buildProgramInput,
  decimalText,
  moveTier,
  programFieldKeys,
  programFormState,
  removeTier,
  trimDecimal,
} from './programForm'
import type { LoyaltyProgram } from './types'

const program: LoyaltyProgram = {
  earnRate: '1.0000',
  rounding: 'FLOOR',
  autoEnrol: true,
  pointsLifetimeMonths: 24,
  birthdayBonus: 100,
  updatedAt: '2026-05-01T00:00:00Z',
  tiers: [
    { id: 'T1', name: 'Bronze', threshold: 0, discountPercent: '0.00', multiplier: '1.00', serviceLevel: null },
    { id: 'T2', name: 'Silver', threshold: 1000, discountPercent: '2.00', multiplier: '1.25', serviceLevel: 'Priority queue' },
  ],
}

describe('decimals', () => {
  it('trims and reads them', () => {
    expect(trimDecimal('1.0000')).toBe('1')
    expect(trimDecimal('1.50')).toBe('1.5')
    expect(trimDecimal('12')).toBe('12')
    expect(decimalText(' 1,5 ')).toBe('1.5')
    expect(decimalText('5 %')).toBe('5')
    expect(decimalText('×1.25')).toBe('1.25')
    expect(decimalText('2.50')).toBe('2.5')
    expect(decimalText('abc')).toBeUndefined()
    expect(decimalText('-1')).toBeUndefined()
    expect(decimalText('')).toBeUndefined()
  })
})

describe('programFormState', () => {
  it('shows the program as typed values', () => {
    const state = programFormState(program)
    expect(state).toMatchObject({ earnRate: '1', rounding: 'FLOOR', autoEnrol: true, pointsLifetimeMonths: '24', birthdayBonus: '100' })
    expect(state.tiers.map(({ rowId: _, ...t }) => t)).toEqual([
      { name: 'Bronze', threshold: '0', discountPercent: '0', multiplier: '1', serviceLevel: '' },
      { name: 'Silver', threshold: '1000', discountPercent: '2', multiplier: '1.25', serviceLevel: 'Priority queue' },
    ])
    expect(new Set(state.tiers.map((t) => t.rowId)).size).toBe(2)
  })
})

describe('buildProgramInput', () => {
  it('sends nothing when nothing changed', () => {
    expect(buildProgramInput(programFormState(program), program)).toEqual({ input: {}, errors: [], changed: false })
  })

  it('sends only the settings that changed', () => {
    const state = { ...programFormState(program), earnRate: '1.5', autoEnrol: false, birthdayBonus: '200' }
    const { input, errors, changed } = buildProgramInput(state, program)
    expect(errors).toEqual([])
    expect(changed).toBe(true)
    expect(input).toEqual({ earnRate: '1.5', autoEnrol: false, birthdayBonus: 200 })
    expect(variableErrors(UPDATE_LOYALTY_PROGRAM, { input })).toEqual([])
  })

  it('sends every tier, lowest first, when one changed', () => {
    const state = programFormState(program)
    state.tiers[1]!.multiplier = '1.5'
    state.tiers = addTier(state.tiers)
    state.tiers[2]!.name = ' Gold '
    state.tiers[2]!.serviceLevel = 'Account manager'
    const { input, errors } = buildProgramInput(state, program)
    expect(errors).toEqual([])
    expect(input).toEqual({
      tiers: [
        { name: 'Bronze', threshold: 0, discountPercent: '0', multiplier: '1', serviceLevel: null },
        { name: 'Silver', threshold: 1000, discountPercent: '2', multiplier: '1.5', serviceLevel: 'Priority queue' },
        { name: 'Gold', threshold: 2000, discountPercent: '0', multiplier: '1', serviceLevel: 'Account manager' },
      ],
    })
    expect(variableErrors(UPDATE_LOYALTY_PROGRAM, { input })).toEqual([])
  })

  it('finds what is not a number before sending, with the API’s paths', () => {
    const state = { ...programFormState(program), earnRate: 'one', pointsLifetimeMonths: '1.5' }
    state.tiers[1]!.threshold = 'lots'
    state.tiers[1]!.name = ''
    const { errors, changed } = buildProgramInput(state, program)
    expect(changed).toBe(true)
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['input.earnRate', 'INVALID_VALUE'],
      ['input.pointsLifetimeMonths', 'INVALID_VALUE'],
      ['input.tiers.1.name', 'REQUIRED'],
      ['input.tiers.1.threshold', 'INVALID_VALUE'],
    ])
  })

  it('keeps at least one tier', () => {
    const state = { ...programFormState(program), tiers: [] }
    expect(buildProgramInput(state, program).errors.map((e) => e.field)).toEqual(['input.tiers'])
  })
})

describe('tier rows', () => {
  it('suggest a threshold above the last one', () => {
    expect(addTier([]).map((t) => t.threshold)).toEqual(['0'])
    const two = programFormState(program).tiers
    expect(addTier(two)[2]!.threshold).toBe('2000')
    expect(addTier(two.slice(0, 1))[1]!.threshold).toBe('1000')
  })
  it('are removed and moved', () => {
    const rows = programFormState(program).tiers
    expect(removeTier(rows, 0).map((t) => t.name)).toEqual(['Silver'])
    expect(moveTier(rows, 1, -1).map((t) => t.name)).toEqual(['Silver', 'Bronze'])
    expect(moveTier(rows, 1, 1).map((t) => t.name)).toEqual(['Bronze', 'Silver'])
  })
  it('have an error key per input, so the API’s errors land on them', () => {
    const state = programFormState(program)
    const keys = programFieldKeys(state)
    expect(keys).toContain('tiers.1.threshold')
    const mapped = mapUserErrors(
      [
        { field: 'input.tiers.1.threshold', code: 'INVALID_VALUE', message: 'Thresholds rise from tier to tier.' },
        { field: 'input.tiers.0.name', code: 'DUPLICATE', message: 'Tier names differ.' },
        { field: 'input.earnRate', code: 'INVALID_VALUE', message: 'More than 0, at most 1,000.' },
      ],
      keys,
    )
    expect(Object.keys(mapped.fields).sort()).toEqual(['earnRate', 'tiers.0.name', 'tiers.1.threshold'])
    expect(mapped.form).toEqual([])
  })
})
