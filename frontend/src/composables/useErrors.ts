/** Turning errors into text for people, and userErrors into per-field messages. */
import { computed, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { GraphQLRequestError } from '@/api/client'
import type { UserError } from '@/api/types'
import { mapUserErrors, type MapOptions, type MappedErrors } from './fieldPaths'

export function useErrorText() {
  const { t, te, locale } = useI18n()

  /**
   * The text of a userError. Server messages are written in English, so other
   * languages show the translation for the error code when there is one.
   */
  function userErrorText(error: UserError): string {
    const key = `userErrors.${error.code}`
    if (locale.value === 'en') return error.message || (te(key) ? t(key) : error.code)
    return te(key) ? t(key) : error.message
  }

  /** The text of a failed request (network, FORBIDDEN, ...); never internals. */
  function requestErrorText(error: unknown): string {
    if (error instanceof GraphQLRequestError) {
      const key = `errors.${error.code}`
      if (te(key)) return t(key)
      if (error.code.startsWith('HTTP_5') || error.code === 'BAD_RESPONSE') return t('errors.generic')
      return error.errors[0]?.message || t('errors.generic')
    }
    return t('errors.generic')
  }

  return { userErrorText, requestErrorText }
}

/** Reactive userErrors for a form: `errorsFor(key)` next to inputs, `formErrors` on top. */
export function useFieldErrors(keys: () => readonly string[]) {
  const mapped: Ref<MappedErrors> = ref({ fields: {}, form: [] })
  const { userErrorText } = useErrorText()

  function setUserErrors(errors: readonly UserError[], options?: MapOptions): void {
    mapped.value = mapUserErrors(errors, keys(), options)
  }

  /** Set one client-side message (e.g. invalid JSON) on a field. */
  function setFieldMessage(key: string, message: string): void {
    mapped.value = { fields: { [key]: [{ field: key, code: 'INVALID_VALUE', message }] }, form: [] }
  }

  function clear(): void {
    mapped.value = { fields: {}, form: [] }
  }

  function errorsFor(key: string): string[] {
    return (mapped.value.fields[key] ?? []).map(userErrorText)
  }

  function hasError(key: string): boolean {
    return (mapped.value.fields[key]?.length ?? 0) > 0
  }

  const formErrors = computed(() => mapped.value.form.map(userErrorText))
  const hasErrors = computed(() => mapped.value.form.length > 0 || Object.keys(mapped.value.fields).length > 0)

  return { setUserErrors, setFieldMessage, clear, errorsFor, hasError, formErrors, hasErrors }
}
