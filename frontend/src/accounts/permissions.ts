/**
 * What the signed-in principal may do, from `viewer { permissions }`.
 *
 * The API enforces every permission itself; the web app only hides what the viewer cannot
 * use (an ANALYST has the `*:read` permissions only, so no write controls at all).
 */
export const PERMISSIONS = {
  CUSTOMERS_READ: 'customers:read',
  CUSTOMERS_WRITE: 'customers:write',
  PURCHASES_WRITE: 'purchases:write',
  INTERACTIONS_READ: 'interactions:read',
  INTERACTIONS_WRITE: 'interactions:write',
  /** Feedback, complaints (the board, a complaint's page) and the service standards in force. */
  FEEDBACK_READ: 'feedback:read',
  /** Record feedback, file complaints and move them along, move needs on. */
  FEEDBACK_WRITE: 'feedback:write',
  /** Change the complaint deadlines per severity (ADMIN). */
  SERVICE_STANDARDS_MANAGE: 'servicestandards:manage',
  /** Log an outbound contact past a BLOCK frequency cap (MANAGER, ADMIN). */
  CONTACT_CAP_OVERRIDE: 'contactcap:override',
  /** Change the contact-frequency policy (ADMIN). */
  CONTACT_POLICY_MANAGE: 'contactpolicy:manage',
  /** Segments, their members, history and strategies. */
  SEGMENTS_READ: 'segments:read',
  /** Create, edit, refresh and delete segments, pick members of STATIC ones (ADMIN, MANAGER, AGENT). */
  SEGMENTS_WRITE: 'segments:write',
  /** Set a segment's service strategy (MANAGER, ADMIN). */
  SEGMENT_STRATEGY_MANAGE: 'segmentstrategy:manage',
  /** Loyalty accounts, their ledgers, the rewards catalogue, the program and its figures. */
  LOYALTY_READ: 'loyalty:read',
  /** Enrol customers and redeem points or rewards (ADMIN, MANAGER, AGENT). */
  LOYALTY_WRITE: 'loyalty:write',
  /** Correct a balance with a reason (MANAGER, ADMIN). */
  LOYALTY_ADJUST: 'loyalty:adjust',
  /** Keep the rewards catalogue (MANAGER, ADMIN). */
  REWARDS_MANAGE: 'rewards:manage',
  /** Change the loyalty program: earn rate, tiers, expiry (ADMIN). */
  LOYALTY_PROGRAM_MANAGE: 'loyaltyprogram:manage',
  /** Personal data in clear (birthdays, phones); analysts see it masked. */
  PII_READ: 'pii:read',
  USERS_READ: 'users:read',
  USERS_MANAGE: 'users:manage',
} as const

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS]

/** A viewer, or anything carrying `permissions` (the readonly viewer of useViewer too). */
type HasPermissions = { readonly permissions: readonly string[] } | null | undefined

/** True when the viewer holds every one of `required` (nobody signed in holds nothing). */
export function can(viewer: HasPermissions, ...required: Permission[]): boolean {
  const held = viewer?.permissions
  if (!Array.isArray(held)) return false
  return required.every((permission) => held.includes(permission))
}

/** The permissions of `required` the viewer lacks, in the order asked. */
export function missingPermissions(viewer: HasPermissions, required: readonly Permission[]): Permission[] {
  return required.filter((permission) => !can(viewer, permission))
}

/**
 * May this viewer open a route whose `meta.requires` lists these permissions?
 * An unknown viewer (the API could not be reached while navigating) is let through: the
 * page shows its own error, and the API refuses any write anyway.
 */
export function routeAllowed(requires: readonly Permission[] | undefined, viewer: HasPermissions): boolean {
  if (!requires?.length || viewer == null) return true
  return missingPermissions(viewer, requires).length === 0
}

/** The i18n key under `permissions.` naming a permission: 'customers:write' -> 'customersWrite'. */
export function permissionKey(permission: string): string {
  return permission.replace(/[:_-]+([a-z])/gi, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')
}
