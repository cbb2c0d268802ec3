/** A short status message shown by the layout ("Customer saved."), announced to screen readers. */
import { readonly, ref } from 'vue'

export type FlashKind = 'success' | 'error' | 'info'
const message = ref<{ text: string; kind: FlashKind; id: number } | null>(null)
let timer: ReturnType<typeof setTimeout> | undefined
let counter = 0

export function flash(text: string, kind: FlashKind = 'success', ms = 4000): void {
  if (timer) clearTimeout(timer)
  message.value = { text, kind, id: ++counter }
  timer = setTimeout(() => (message.value = null), ms)
}

export function dismissFlash(): void {
  if (timer) clearTimeout(timer)
  message.value = null
}

export function useFlash() {
  return { message: readonly(message), flash, dismissFlash }
}
