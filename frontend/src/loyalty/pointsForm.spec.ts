import { describe, expect, it } from 'vitest'
import { mapUserErrors } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import { ADJUST_POINTS, REDEEM_POINTS, REDEEM_REWARD } from './operations'
import {
  ADJUST_KEYS,
  REDEEM_POINTS_KEYS,
  REDEEM_REWARD_KEYS,
  SubmissionKey,
  buildAdjustInput,
  buildRedeemPointsInput,
  buildRedeemRewardInput,
  emptyRedeemForm,
  parsePoints,
} from './pointsForm'

const ACCOUNT = 'TG95YWx0eUFjY291bnQ6MQ=='
const KEY = '0b6f1c1e-5a43-4b4f-9d38-3d9f1f0e2a11'

describe('parsePoints', () => {
  it('reads whole numbers as people type them', () => {
    expect(parsePoints('500')).toBe(500)
    expect(parsePoints(' 1,000 ')).toBe(1000)
    expect(parsePoints('1 000')).toBe(1000)
    expect(parsePoints('１２０')).toBe(120)
    expect(parsePoints('+200')).toBe(200)
    expect(parsePoints('-50')).toBe(-50)
    expect(parsePoints('－50')).toBe(-50)
    expect(parsePoints('\u221250')).toBe(-50)
    expect(parsePoints('-0')).toBe(0)
  })
  it('refuses what is not a whole number', () => {
    for (const text of ['', ' ', '1.5', '1e3', 'abc', '--5', '12345678901']) expect(parsePoints(text), text).toBeUndefined()
  })
})

describe('buildRedeemPointsInput', () => {
  it('sends the points, the reason and the key', () => {
    const { input, errors } = buildRedeemPointsInput(ACCOUNT, { ...emptyRedeemForm(), points: '1,200', reason: '  Till discount ' }, KEY)
    expect(errors).toEqual([])
    expect(input).toEqual({ accountId: ACCOUNT, points: 1200, reason: 'Till discount', idempotencyKey: KEY })
    expect(variableErrors(REDEEM_POINTS, { input })).toEqual([])
  })
  it('sends no reason when none is given', () => {
    expect(buildRedeemPointsInput(ACCOUNT, { ...emptyRedeemForm(), points: '5' }, KEY).input.reason).toBeNull()
  })
  it('refuses a missing, zero, negative or fractional amount on the points field', () => {
    for (const points of ['', '0', '-5', '2.5']) {
      const { errors } = buildRedeemPointsInput(ACCOUNT, { ...emptyRedeemForm(), points }, KEY)
      expect(errors.map((e) => [e.field, e.code]), points).toEqual([['input.points', points ? 'INVALID_VALUE' : 'REQUIRED']])
    }
  })
  it('leaves the balance to the API', () => {
    expect(buildRedeemPointsInput(ACCOUNT, { ...emptyRedeemForm(), points: '9999999' }, KEY).errors).toEqual([])
  })
  it('refuses a reason over 500 characters', () => {
    const { errors } = buildRedeemPointsInput(ACCOUNT, { ...emptyRedeemForm(), points: '5', reason: 'x'.repeat(501) }, KEY)
    expect(errors.map((e) => [e.field, e.code])).toEqual([['input.reason', 'TOO_LONG']])
  })
})

describe('buildRedeemRewardInput', () => {
  it('sends the reward picked', () => {
    const { input, errors } = buildRedeemRewardInput(ACCOUNT, { ...emptyRedeemForm('REWARD'), rewardId: 'UmV3YXJkOjE=' }, KEY)
    expect(errors).toEqual([])
    expect(input).toEqual({ accountId: ACCOUNT, rewardId: 'UmV3YXJkOjE=', idempotencyKey: KEY })
    expect(variableErrors(REDEEM_REWARD, { input })).toEqual([])
  })
  it('asks for a reward', () => {
    expect(buildRedeemRewardInput(ACCOUNT, emptyRedeemForm('REWARD'), KEY).errors.map((e) => e.field)).toEqual(['input.rewardId'])
  })
})

describe('buildAdjustInput', () => {
  it('sends either sign with a reason', () => {
    const plus = buildAdjustInput(ACCOUNT, { points: '+250', reason: 'Missed purchase' })
    expect(plus).toEqual({ input: { accountId: ACCOUNT, points: 250, reason: 'Missed purchase' }, errors: [] })
    expect(variableErrors(ADJUST_POINTS, { input: plus.input })).toEqual([])
    expect(buildAdjustInput(ACCOUNT, { points: '-40', reason: 'Double credit' }).input.points).toBe(-40)
  })
  it('needs a non-zero whole number and a reason', () => {
    expect(buildAdjustInput(ACCOUNT, { points: '0', reason: ' ' }).errors.map((e) => [e.field, e.code])).toEqual([
      ['input.points', 'INVALID_VALUE'],
      ['input.reason', 'REQUIRED'],
    ])
    expect(buildAdjustInput(ACCOUNT, { points: '', reason: 'x' }).errors.map((e) => e.code)).toEqual(['REQUIRED'])
  })
})

describe('errors land on the inputs', () => {
  it('puts the API’s codes next to the field they concern', () => {
    const insufficient = { field: 'input.points', code: 'INSUFFICIENT_POINTS', message: 'The balance does not cover that many points.' }
    expect(mapUserErrors([insufficient], REDEEM_POINTS_KEYS).fields.points).toEqual([insufficient])
    for (const code of ['OUT_OF_STOCK', 'TIER_TOO_LOW', 'REWARD_UNAVAILABLE', 'INSUFFICIENT_POINTS']) {
      const mapped = mapUserErrors([{ field: 'input.rewardId', code, message: code }], REDEEM_REWARD_KEYS)
      expect(mapped.fields.rewardId?.map((e) => e.code), code).toEqual([code])
    }
    const notFound = mapUserErrors([{ field: 'input.accountId', code: 'NOT_FOUND', message: 'No such account.' }], ADJUST_KEYS)
    expect(notFound.form.map((e) => e.code)).toEqual(['NOT_FOUND'])
  })
})

describe('SubmissionKey', () => {
  it('keeps one key for a filled-in form and a new one after it went through', () => {
    let n = 0
    const key = new SubmissionKey(() => `k${++n}`)
    expect(key.current).toBe('k1')
    expect(key.current).toBe('k1') // a double click, a retry: the same redemption
    expect(key.renew()).toBe('k2')
    expect(key.current).toBe('k2')
  })
})
