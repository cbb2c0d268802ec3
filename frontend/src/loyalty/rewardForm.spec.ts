import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { CREATE_REWARD, UPDATE_REWARD } from './operations'
import {
  archiveRewardInput,
  buildCreateRewardInput,
  buildUpdateRewardInput,
  fromLocalInput,
  rewardFormState,
  toLocalInput,
} from './rewardForm'
import type { Reward } from './types'

const reward: Reward = {
  id: 'UmV3YXJkOjQ=',
  name: 'VIP tasting evening',
  description: 'Two seats.',
  pointsCost: 2000,
  stock: 20,
  activeFrom: null,
  activeUntil: '2026-12-31T16:00:00+00:00',
  archivedAt: null,
  minTier: { id: 'TG95YWx0eVRpZXI6Mw==', name: 'Gold', threshold: 5000 },
}

describe('local times', () => {
  it('round-trip through the datetime-local input at minute precision', () => {
    const iso = '2026-12-31T16:00:00.000Z'
    const local = toLocalInput(iso)
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    expect(fromLocalInput(local)).toBe(iso)
  })
  it('are empty or invalid', () => {
    expect(toLocalInput(null)).toBe('')
    expect(toLocalInput('nonsense')).toBe('')
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('tomorrow')).toBeUndefined()
  })
})

describe('buildCreateRewardInput', () => {
  it('sends a new reward', () => {
    const { input, errors } = buildCreateRewardInput({
      name: ' Thermos mug ',
      description: '',
      pointsCost: '1,500',
      stock: '',
      activeFrom: '',
      activeUntil: '',
      minTierId: '',
    })
    expect(errors).toEqual([])
    expect(input).toEqual({ name: 'Thermos mug', pointsCost: 1500, description: null, stock: null, activeFrom: null, activeUntil: null, minTierId: null })
    expect(variableErrors(CREATE_REWARD, { input })).toEqual([])
  })

  it('finds mistakes before sending, on the API’s paths', () => {
    const { errors } = buildCreateRewardInput({
      name: '',
      description: '',
      pointsCost: '0',
      stock: 'many',
      activeFrom: toLocalInput('2026-06-02T00:00:00Z'),
      activeUntil: toLocalInput('2026-06-01T00:00:00Z'),
      minTierId: '',
    })
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['input.name', 'REQUIRED'],
      ['input.pointsCost', 'INVALID_VALUE'],
      ['input.stock', 'INVALID_VALUE'],
      ['input.activeUntil', 'INVALID_VALUE'],
    ])
  })
})

describe('buildUpdateRewardInput', () => {
  it('sends nothing when nothing changed', () => {
    expect(buildUpdateRewardInput(rewardFormState(reward), reward)).toEqual({ input: { id: reward.id }, errors: [], changed: false })
  })

  it('sends what changed, null to clear', () => {
    const state = { ...rewardFormState(reward), pointsCost: '1800', stock: '', activeUntil: '', minTierId: '' }
    const { input, errors, changed } = buildUpdateRewardInput(state, reward)
    expect(errors).toEqual([])
    expect(changed).toBe(true)
    expect(input).toEqual({ id: reward.id, pointsCost: 1800, stock: null, activeUntil: null, minTierId: null })
    expect(variableErrors(UPDATE_REWARD, { input })).toEqual([])
  })

  it('withdraws and offers again', () => {
    expect(archiveRewardInput(reward)).toEqual({ id: reward.id, archived: true })
    expect(archiveRewardInput({ ...reward, archivedAt: '2026-05-01T00:00:00Z' })).toEqual({ id: reward.id, archived: false })
  })
})
