import { describe, expect, it } from 'vitest'
import { safeRedirect } from './redirect'

describe('safeRedirect', () => {
  it('follows same-site paths', () => {
    expect(safeRedirect('/customers/abc?x=1')).toBe('/customers/abc?x=1')
    expect(safeRedirect(['/customers/new'])).toBe('/customers/new')
  })
  it('refuses other sites, the login page and junk', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '/login', '/login?redirect=/x', '', null, 3]) {
      expect(safeRedirect(bad)).toBe('/customers')
    }
  })
})
