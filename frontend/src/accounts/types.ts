export type Role = 'ADMIN' | 'MANAGER' | 'AGENT' | 'ANALYST'
export const ROLES: readonly Role[] = ['ADMIN', 'MANAGER', 'AGENT', 'ANALYST']
export type PrincipalKind = 'USER' | 'API_KEY'

export interface User {
  id: string
  name: string
  email: string
  role: Role
  isActive: boolean
}

/** A row of `users` (which lists active staff only, so no isActive is asked for). */
export type StaffUser = Pick<User, 'id' | 'name' | 'email' | 'role'>

export interface Viewer {
  kind: PrincipalKind
  name: string
  role: Role | null
  permissions: string[]
  user: Pick<User, 'id' | 'name' | 'email' | 'role'> | null
}
