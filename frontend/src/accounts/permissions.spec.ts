import { describe, expect, it } from 'vitest'
import en from '@/i18n/en'
import zhCN from '@/i18n/zh-CN'
import { PERMISSIONS, can, missingPermissions, permissionKey, routeAllowed } from './permissions'

const admin = {
  permissions: ['customers:read', 'customers:write', 'purchases:write', 'users:read', 'users:manage'],
}
const agent = { permissions: ['customers:read', 'customers:write', 'purchases:write', 'users:read'] }
const analyst = { permissions: ['customers:read', 'users:read'] }

describe('can', () => {
  it('grants what the viewer holds', () => {
    expect(can(admin, PERMISSIONS.USERS_MANAGE)).toBe(true)
    expect(can(agent, PERMISSIONS.CUSTOMERS_WRITE)).toBe(true)
    expect(can(agent, PERMISSIONS.PURCHASES_WRITE)).toBe(true)
    expect(can(analyst, PERMISSIONS.CUSTOMERS_READ)).toBe(true)
  })

  it('refuses what the viewer lacks: an analyst writes nothing', () => {
    expect(can(analyst, PERMISSIONS.CUSTOMERS_WRITE)).toBe(false)
    expect(can(analyst, PERMISSIONS.PURCHASES_WRITE)).toBe(false)
    expect(can(analyst, PERMISSIONS.USERS_MANAGE)).toBe(false)
    expect(can(agent, PERMISSIONS.USERS_MANAGE)).toBe(false)
  })

  it('needs all of several permissions', () => {
    expect(can(agent, PERMISSIONS.CUSTOMERS_WRITE, PERMISSIONS.PURCHASES_WRITE)).toBe(true)
    expect(can(analyst, PERMISSIONS.CUSTOMERS_READ, PERMISSIONS.CUSTOMERS_WRITE)).toBe(false)
  })

  it('refuses everything without a viewer or with malformed permissions', () => {
    expect(can(null, PERMISSIONS.CUSTOMERS_READ)).toBe(false)
    expect(can(undefined, PERMISSIONS.CUSTOMERS_READ)).toBe(false)
    expect(can({ permissions: [] }, PERMISSIONS.CUSTOMERS_READ)).toBe(false)
    expect(can({ permissions: null as unknown as string[] }, PERMISSIONS.CUSTOMERS_READ)).toBe(false)
  })

  it('matches exact strings only', () => {
    expect(can({ permissions: ['customers:*', 'CUSTOMERS:WRITE', 'customers:write '] }, PERMISSIONS.CUSTOMERS_WRITE)).toBe(false)
  })
})

describe('missingPermissions', () => {
  it('lists what is lacking, in the order asked', () => {
    expect(missingPermissions(analyst, [PERMISSIONS.PURCHASES_WRITE, PERMISSIONS.CUSTOMERS_READ, PERMISSIONS.CUSTOMERS_WRITE])).toEqual([
      'purchases:write',
      'customers:write',
    ])
    expect(missingPermissions(admin, [PERMISSIONS.CUSTOMERS_WRITE])).toEqual([])
  })
})

describe('routeAllowed', () => {
  const requires = [PERMISSIONS.CUSTOMERS_WRITE]
  it('lets anyone open routes without requirements', () => {
    expect(routeAllowed(undefined, analyst)).toBe(true)
    expect(routeAllowed([], analyst)).toBe(true)
  })
  it('checks the required permissions', () => {
    expect(routeAllowed(requires, agent)).toBe(true)
    expect(routeAllowed(requires, analyst)).toBe(false)
  })
  it('leaves an unknown viewer to the page (and the API)', () => {
    expect(routeAllowed(requires, null)).toBe(true)
  })
})

describe('permissionKey', () => {
  it('turns a permission into its catalogue key', () => {
    expect(Object.values(PERMISSIONS).map(permissionKey)).toEqual([
      'customersRead',
      'customersWrite',
      'purchasesWrite',
      'interactionsRead',
      'interactionsWrite',
      'feedbackRead',
      'feedbackWrite',
      'servicestandardsManage',
      'contactcapOverride',
      'contactpolicyManage',
      'segmentsRead',
      'segmentsWrite',
      'segmentstrategyManage',
      'loyaltyRead',
      'loyaltyWrite',
      'loyaltyAdjust',
      'rewardsManage',
      'loyaltyprogramManage',
      'piiRead',
      'usersRead',
      'usersManage',
    ])
  })
})

describe('permission names', () => {
  it('has a name for every permission in both catalogues (ForbiddenView says what is missing)', () => {
    for (const catalogue of [en, zhCN]) {
      const names = catalogue.permissions as Record<string, string>
      for (const permission of Object.values(PERMISSIONS)) expect(names[permissionKey(permission)], permission).toBeTruthy()
    }
  })
})
