/**
 * Sending a form's mutation: one at a time, `pending` announced while it runs (a page then knows
 * the live echo is its own), the payload's userErrors next to the inputs (or on top), and a
 * failed request as text on top. The forms on the customer page and the contact policy use it.
 */
import { computed, ref } from 'vue'
import type { UserError } from '@/api/types'
import { useErrorText, useFieldErrors } from './useErrors'

export interface MutationFormOptions {
  /** True while the mutation is in flight, false after. */
  pending?: (pending: boolean) => void
}

export function useMutationForm(keys: () => readonly string[], options: MutationFormOptions = {}) {
  const fieldErrors = useFieldErrors(keys)
  const { requestErrorText } = useErrorText()
  const submitting = ref(false)
  /** The request failed (network, FORBIDDEN, ...): shown on top of the form. */
  const failure = ref('')
  /** What the form shows on top: the failure, then userErrors that belong to no input. */
  const topErrors = computed(() =>
    failure.value ? [failure.value, ...fieldErrors.formErrors.value] : fieldErrors.formErrors.value,
  )

  /** Forget the errors shown (a cancel, a new attempt). */
  function reset(): void {
    failure.value = ''
    fieldErrors.clear()
  }

  /**
   * Send the mutation `send` makes, unless one is in flight. The payload when it has no
   * userErrors; otherwise null, with the errors shown (and handed to `refused`).
   */
  async function send<P extends { userErrors: readonly UserError[] }>(
    request: () => Promise<P>,
    refused?: (userErrors: readonly UserError[]) => void,
  ): Promise<P | null> {
    if (submitting.value) return null
    submitting.value = true
    options.pending?.(true)
    reset()
    try {
      const payload = await request()
      if (payload.userErrors.length) {
        fieldErrors.setUserErrors(payload.userErrors)
        refused?.(payload.userErrors)
        return null
      }
      return payload
    } catch (err) {
      failure.value = requestErrorText(err)
      return null
    } finally {
      submitting.value = false
      options.pending?.(false)
    }
  }

  return { ...fieldErrors, submitting, failure, topErrors, reset, send }
}
