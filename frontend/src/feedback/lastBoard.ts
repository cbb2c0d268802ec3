/** The board's last URL query, so "back to complaints" returns to the same filters. */
import { shallowRef } from 'vue'
import type { LocationQuery } from 'vue-router'

export const lastBoardQuery = shallowRef<LocationQuery>({})
