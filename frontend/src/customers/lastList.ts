/** The customer list's last URL query, so "back to customers" returns to the same search and page. */
import { shallowRef } from 'vue'
import type { LocationQuery } from 'vue-router'

export const lastListQuery = shallowRef<LocationQuery>({})
