/** Locale-aware formatting of dates, money and enum values. */
import { useI18n } from 'vue-i18n'

export function useFormat() {
  const { t, te, locale } = useI18n()

  /** A `Date` scalar ("1990-05-17") or the date part of a DateTime. */
  function formatDate(value: string | null | undefined): string {
    if (!value) return t('common.none')
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
    const date = new Date(dateOnly ? `${value}T00:00:00Z` : value)
    if (Number.isNaN(date.getTime())) return value
    return new Intl.DateTimeFormat(locale.value, {
      dateStyle: 'medium',
      ...(dateOnly ? { timeZone: 'UTC' } : {}),
    }).format(date)
  }

  function formatDateTime(value: string | null | undefined): string {
    if (!value) return t('common.none')
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) return value
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
  }

  /** A Decimal string with its ISO 4217 currency, e.g. ("1280.50", "CNY") -> "¥1,280.50". */
  function formatMoney(amount: string, currency: string): string {
    const n = Number(amount)
    if (!Number.isFinite(n)) return `${amount} ${currency}`
    try {
      return new Intl.NumberFormat(locale.value, { style: 'currency', currency }).format(n)
    } catch {
      return `${amount} ${currency}`
    }
  }

  function enumLabel(enumName: string, value: string | null | undefined): string {
    if (!value) return t('common.none')
    const key = `enums.${enumName}.${value}`
    return te(key) ? t(key) : value
  }

  return { formatDate, formatDateTime, formatMoney, enumLabel }
}
