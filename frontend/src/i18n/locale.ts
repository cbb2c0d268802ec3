/** Which language the app starts in: the saved choice, else English if the browser prefers it, else zh-CN. */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const STORAGE_KEY = 'guanxi.locale'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/**
 * @param saved the value persisted in localStorage (if any)
 * @param preferred navigator.languages, most preferred first
 */
export function detectLocale(saved: string | null | undefined, preferred: readonly string[] = []): Locale {
  if (isLocale(saved)) return saved
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    if (lower === 'en' || lower.startsWith('en-')) return 'en'
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN'
  }
  return DEFAULT_LOCALE
}
