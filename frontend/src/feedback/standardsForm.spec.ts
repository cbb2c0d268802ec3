import { describe, expect, it } from 'vitest'
import { mapUserErrors } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import { UPDATE_SERVICE_STANDARD } from './operations'
import { STANDARD_FIELD_KEYS, buildStandardInput, hoursToMinutes, minutesToHours, standardFormState } from './standardsForm'
import type { ServiceStandard } from './types'

const HIGH: ServiceStandard = { severity: 'HIGH', firstResponseMinutes: 240, resolutionMinutes: 1440, updatedAt: '2026-05-17T09:00:00Z' }

describe('hours and minutes', () => {
  it('shows minutes as hours', () => {
    expect(minutesToHours(240)).toBe('4')
    expect(minutesToHours(90)).toBe('1.5')
    expect(minutesToHours(20)).toBe('0.33')
    expect(standardFormState(HIGH)).toEqual({ firstResponseHours: '4', resolutionHours: '24' })
  })
  it('reads hours as typed into whole minutes', () => {
    expect(hoursToMinutes('4')).toBe(240)
    expect(hoursToMinutes(' 1,5 ')).toBe(90)
    expect(hoursToMinutes('0.25')).toBe(15)
    expect(hoursToMinutes('0.33')).toBe(20)
  })
  it('refuses what is not a positive number of hours of at least a minute', () => {
    for (const text of ['', 'four', '-1', '0', '0.001', '1e3', '1 2']) expect(hoursToMinutes(text), text).toBeUndefined()
  })
})

describe('buildStandardInput', () => {
  it('sends only what changed', () => {
    const built = buildStandardInput({ firstResponseHours: '2', resolutionHours: '24' }, HIGH)
    expect(built).toEqual({ input: { severity: 'HIGH', firstResponseMinutes: 120 }, errors: [], changed: true })
    expect(variableErrors(UPDATE_SERVICE_STANDARD, { input: built.input })).toEqual([])
  })
  it('has nothing to send when nothing changed', () => {
    expect(buildStandardInput({ firstResponseHours: '4', resolutionHours: '24.0' }, HIGH).changed).toBe(false)
  })
  it('puts problems on their fields', () => {
    const built = buildStandardInput({ firstResponseHours: 'soon', resolutionHours: '2161' }, HIGH)
    const mapped = mapUserErrors(built.errors, STANDARD_FIELD_KEYS)
    expect(Object.keys(mapped.fields).sort()).toEqual(['firstResponseMinutes', 'resolutionMinutes'])
    expect(built.changed).toBe(true)
  })
})
