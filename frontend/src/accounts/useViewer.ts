/** The signed-in principal, shared by the whole app. */
import { computed, readonly, ref } from 'vue'
import { GraphQLRequestError, UNAUTHENTICATED, closeSubscriptions, mutate, query } from '@/api/client'
import type { UserError } from '@/api/types'
import { LOGIN, LOGOUT, VIEWER } from './operations'
import { can, type Permission } from './permissions'
import type { Viewer } from './types'

const viewer = ref<Viewer | null>(null)
let pending: Promise<Viewer | null> | null = null

/** Load the viewer once; null when nobody is signed in. Other failures throw. */
async function ensureViewer(): Promise<Viewer | null> {
  if (viewer.value) return viewer.value
  pending ??= query(VIEWER, {}, { redirectOnUnauthenticated: false })
    .then((data) => {
      viewer.value = data.viewer
      return data.viewer
    })
    .catch((err: unknown) => {
      if (err instanceof GraphQLRequestError && err.hasCode(UNAUTHENTICATED)) return null
      throw err
    })
    .finally(() => {
      pending = null
    })
  return pending
}

/** Sign in; returns the userErrors (empty on success). */
async function login(email: string, password: string): Promise<UserError[]> {
  const data = await mutate(LOGIN, { input: { email, password } }, { redirectOnUnauthenticated: false })
  if (data.login.viewer) {
    closeSubscriptions()
    viewer.value = data.login.viewer
  }
  return data.login.userErrors
}

async function logout(): Promise<void> {
  try {
    await mutate(LOGOUT, {}, { redirectOnUnauthenticated: false })
  } finally {
    clearViewer()
  }
}

function clearViewer(): void {
  viewer.value = null
  closeSubscriptions()
}

export function useViewer() {
  return {
    viewer: readonly(viewer),
    isSignedIn: computed(() => viewer.value !== null),
    /** Reactive in templates and computeds: false while nobody is signed in. */
    can: (...required: Permission[]) => can(viewer.value, ...required),
    ensureViewer,
    login,
    logout,
    clearViewer,
  }
}
