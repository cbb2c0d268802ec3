import { describe, expect, it } from 'vitest'
import { PERMISSIONS, can, type Permission } from '@/accounts/permissions'
import { NAV_ITEMS, activeNavItem, navCollapsed, visibleNav } from './navigation'

const ADMIN = Object.values(PERMISSIONS)
const AGENT = ADMIN.filter(
  (p) =>
    ![
      PERMISSIONS.CONTACT_POLICY_MANAGE,
      PERMISSIONS.SERVICE_STANDARDS_MANAGE,
      PERMISSIONS.CONTACT_CAP_OVERRIDE,
      PERMISSIONS.SEGMENT_STRATEGY_MANAGE,
      PERMISSIONS.LOYALTY_ADJUST,
      PERMISSIONS.REWARDS_MANAGE,
      PERMISSIONS.LOYALTY_PROGRAM_MANAGE,
      PERMISSIONS.USERS_MANAGE,
    ].includes(p as never),
)
const ANALYST = ADMIN.filter((p) => p.endsWith(':read') && p !== PERMISSIONS.PII_READ)
const viewer = (permissions: readonly string[]) => (...required: Permission[]) => can({ permissions }, ...required)
const names = (items: { name: string }[]) => items.map((i) => i.name)

describe('visibleNav', () => {
  it('gives an administrator every everyday page in the bar and the settings pages in their own group', () => {
    const nav = visibleNav(viewer(ADMIN))
    expect(names(nav.main)).toEqual(['customers', 'my-day', 'complaints', 'feedback', 'feedback-dashboard', 'segments', 'loyalty'])
    expect(names(nav.settings)).toEqual(['contact-policy', 'service-standards'])
    expect(nav.main.length + nav.settings.length).toBe(NAV_ITEMS.length)
  })

  it('gives a sales agent the same bar and no settings group', () => {
    const nav = visibleNav(viewer(AGENT))
    expect(names(nav.main)).toEqual(names(visibleNav(viewer(ADMIN)).main))
    expect(nav.settings).toEqual([])
  })

  it('leaves out what the viewer may not open', () => {
    const nav = visibleNav(viewer(ANALYST))
    expect(nav.settings).toEqual([])
    expect(names(visibleNav(viewer([PERMISSIONS.CUSTOMERS_READ])).main)).toEqual(['customers'])
    expect(names(visibleNav(viewer([])).main)).toEqual(['customers'])
  })

  it('keeps every settings page under /settings/ and every entry reachable by its test id', () => {
    for (const item of NAV_ITEMS) expect(item.to.startsWith('/settings/'), item.name).toBe(item.group === 'settings')
    expect(new Set(NAV_ITEMS.map((i) => i.testid)).size).toBe(NAV_ITEMS.length)
  })
})

describe('activeNavItem', () => {
  it('picks the most specific entry', () => {
    expect(activeNavItem('/feedback/dashboard')?.name).toBe('feedback-dashboard')
    expect(activeNavItem('/feedback')?.name).toBe('feedback')
    expect(activeNavItem('/customers/Q3VzdG9tZXI6MQ==/edit')?.name).toBe('customers')
    expect(activeNavItem('/settings/service-standards')?.name).toBe('service-standards')
    expect(activeNavItem('/complaints/abc')?.name).toBe('complaints')
  })

  it('does not take a prefix of a word for a match', () => {
    expect(activeNavItem('/feedbacks')).toBeNull()
    expect(activeNavItem('/login')).toBeNull()
    expect(activeNavItem('/settings')).toBeNull()
  })
})

describe('navCollapsed', () => {
  it('keeps the row while it fits, collapses when it does not', () => {
    expect(navCollapsed(800, 850)).toBe(false)
    expect(navCollapsed(850, 850)).toBe(false)
    expect(navCollapsed(851, 850)).toBe(true)
    expect(navCollapsed(800, 366)).toBe(true)
  })

  it('keeps the row until something was measured', () => {
    expect(navCollapsed(0, 0)).toBe(false)
    expect(navCollapsed(800, 0)).toBe(false)
  })
})
