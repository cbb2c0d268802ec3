import { createI18n } from 'vue-i18n'
import en, { type MessageSchema } from './en'
import zhCN from './zh-CN'
import { DEFAULT_LOCALE, STORAGE_KEY, detectLocale, type Locale } from './locale'

export { LOCALES, type Locale } from './locale'

function savedLocale(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  return navigator.languages?.length ? navigator.languages : [navigator.language]
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: detectLocale(savedLocale(), browserLanguages()),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

function applyDocumentLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
applyDocumentLanguage(i18n.global.locale.value)

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Switch language, remember it, and update <html lang>. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    /* private mode: the choice lasts for this visit */
  }
  applyDocumentLanguage(locale)
}
