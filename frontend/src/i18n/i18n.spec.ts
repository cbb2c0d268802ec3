import { describe, expect, it } from 'vitest'
import { baseCompile } from '@intlify/message-compiler'
import en from './en'
import zhCN from './zh-CN'
import { detectLocale } from './locale'

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

function leaves(messages: object): [string, unknown][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? leaves(value as object).map(([k, v]) => [`${key}.${k}`, v] as [string, unknown])
      : [[key, value] as [string, unknown]],
  )
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}

describe('i18n catalogues', () => {
  it('en and zh-CN have the same keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
  })

  it('every message is a non-empty string', () => {
    for (const [key, value] of [...leaves(en), ...leaves(zhCN)]) {
      expect(typeof value, key).toBe('string')
      expect((value as string).trim().length, key).toBeGreaterThan(0)
    }
  })

  it('messages use the same placeholders in both languages', () => {
    const zh = new Map(leaves(zhCN))
    for (const [key, value] of leaves(en)) {
      expect(placeholders(zh.get(key) as string), key).toEqual(placeholders(value as string))
    }
  })

  it('every message compiles (no stray @, {, } or |)', () => {
    for (const [key, value] of [...leaves(en), ...leaves(zhCN)]) {
      const errors: string[] = []
      baseCompile(value as string, { onError: (e) => errors.push(e.message) })
      expect(errors, `${key}: ${String(value)}`).toEqual([])
    }
  })
})

describe('detectLocale', () => {
  it('defaults to zh-CN', () => {
    expect(detectLocale(null, [])).toBe('zh-CN')
    expect(detectLocale(undefined, ['fr-FR', 'de'])).toBe('zh-CN')
  })
  it('uses English when the browser prefers it', () => {
    expect(detectLocale(null, ['en-US', 'zh-CN'])).toBe('en')
    expect(detectLocale(null, ['fr', 'en'])).toBe('en')
  })
  it('keeps Chinese when the browser prefers it over English', () => {
    expect(detectLocale(null, ['zh-TW', 'en-US'])).toBe('zh-CN')
  })
  it('honours the saved choice', () => {
    expect(detectLocale('en', ['zh-CN'])).toBe('en')
    expect(detectLocale('zh-CN', ['en-US'])).toBe('zh-CN')
    expect(detectLocale('xx', ['en-US'])).toBe('en')
  })
})
