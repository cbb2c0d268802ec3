/**
 * The main navigation: its entries, which of them a viewer sees, how they are grouped, which one
 * is the current page, and whether the entries fit in one row. Pure functions, no Vue.
 *
 * Everyday pages are links in the top bar. The administrator's settings pages (all under
 * /settings/) sit together behind one "Settings" button, so the bar keeps its length whatever the
 * role. When even that row does not fit (a phone, a narrow window, a longer language), every
 * entry moves behind one "Menu" button.
 */
import { PERMISSIONS, type Permission } from '@/accounts/permissions'

export type NavGroup = 'main' | 'settings'

export interface NavItem {
  name: string
  /** i18n key of the label. */
  labelKey: string
  to: string
  testid: string
  group: NavGroup
  /** Shown only to a viewer holding all of these. */
  requires?: readonly Permission[]
}

/** Segments, Loyalty and Dashboard joined this list as their views landed (labels under nav.*). */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'customers', labelKey: 'nav.customers', to: '/customers', testid: 'nav-customers', group: 'main' },
  { name: 'my-day', labelKey: 'nav.myDay', to: '/my-day', testid: 'nav-my-day', group: 'main', requires: [PERMISSIONS.INTERACTIONS_READ] },
  { name: 'complaints', labelKey: 'nav.complaints', to: '/complaints', testid: 'nav-complaints', group: 'main', requires: [PERMISSIONS.FEEDBACK_READ] },
  { name: 'feedback', labelKey: 'nav.feedback', to: '/feedback', testid: 'nav-feedback', group: 'main', requires: [PERMISSIONS.FEEDBACK_READ] },
  {
    name: 'feedback-dashboard',
    labelKey: 'nav.feedbackDashboard',
    to: '/feedback/dashboard',
    testid: 'nav-feedback-dashboard',
    group: 'main',
    requires: [PERMISSIONS.FEEDBACK_READ],
  },
  { name: 'segments', labelKey: 'nav.segments', to: '/segments', testid: 'nav-segments', group: 'main', requires: [PERMISSIONS.SEGMENTS_READ] },
  { name: 'loyalty', labelKey: 'nav.loyalty', to: '/loyalty', testid: 'nav-loyalty', group: 'main', requires: [PERMISSIONS.LOYALTY_READ] },
  {
    name: 'contact-policy',
    labelKey: 'nav.contactPolicy',
    to: '/settings/contact-policy',
    testid: 'nav-contact-policy',
    group: 'settings',
    requires: [PERMISSIONS.CONTACT_POLICY_MANAGE],
  },
  {
    name: 'service-standards',
    labelKey: 'nav.serviceStandards',
    to: '/settings/service-standards',
    testid: 'nav-service-standards',
    group: 'settings',
    requires: [PERMISSIONS.SERVICE_STANDARDS_MANAGE],
  },
]

export interface VisibleNav {
  main: NavItem[]
  settings: NavItem[]
}

/** The entries this viewer may use (`can` answers for the viewer), by group, in list order. */
export function visibleNav(can: (...required: Permission[]) => boolean, items: readonly NavItem[] = NAV_ITEMS): VisibleNav {
  const shown = items.filter((item) => !item.requires?.length || can(...item.requires))
  return { main: shown.filter((i) => i.group === 'main'), settings: shown.filter((i) => i.group === 'settings') }
}

function matches(path: string, to: string): boolean {
  return path === to || path.startsWith(to + '/')
}

/**
 * The entry of the page at `path`: the most specific match, so /feedback/dashboard is "Feedback
 * stats", not "Feedback", and /customers/12/edit is "Customers". Null off the menu (/login).
 */
export function activeNavItem(path: string, items: readonly NavItem[] = NAV_ITEMS): NavItem | null {
  let best: NavItem | null = null
  for (const item of items) {
    if (matches(path, item.to) && (!best || item.to.length > best.to.length)) best = item
  }
  return best
}

/**
 * Collapse to the "Menu" button when the row of entries (`needed` px, measured) is wider than the
 * room the bar leaves it (`available` px). Nothing measured yet (0) keeps the row.
 */
export function navCollapsed(needed: number, available: number): boolean {
  if (needed <= 0 || available <= 0) return false
  return needed > available + 0.5
}
