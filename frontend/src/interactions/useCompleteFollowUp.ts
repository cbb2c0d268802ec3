/** "Done" on a follow-up (timeline and My day): completeFollowUp, with its errors as text. */
import { ref } from 'vue'
import { mutate } from '@/api/client'
import { useErrorText } from '@/composables/useErrors'
import { COMPLETE_FOLLOW_UP } from './operations'
import type { Interaction } from './types'

export function useCompleteFollowUp() {
  const { requestErrorText, userErrorText } = useErrorText()
  /** The id of the interaction being completed, '' when none. */
  const busy = ref('')
  const error = ref('')

  /** The interaction with its follow-up done, or null (the error is in `error`). */
  async function complete(id: string): Promise<Interaction | null> {
    if (busy.value) return null
    busy.value = id
    error.value = ''
    try {
      const data = await mutate(COMPLETE_FOLLOW_UP, { input: { id } })
      const payload = data.completeFollowUp
      if (payload.userErrors.length || !payload.interaction) {
        error.value = payload.userErrors.map(userErrorText).join(' ')
        return null
      }
      return payload.interaction
    } catch (err) {
      error.value = requestErrorText(err)
      return null
    } finally {
      busy.value = ''
    }
  }

  return { complete, busy, error }
}
