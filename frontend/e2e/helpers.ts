/** What the e2e specs share: the accounts, screenshots, console watching, signing in, the API. */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, type APIRequestContext, type Page } from '@playwright/test'

export const EMAIL = process.env.GUANXI_E2E_EMAIL ?? ''
export const PASSWORD = process.env.GUANXI_E2E_PASSWORD ?? ''
export const ANALYST_EMAIL = process.env.GUANXI_E2E_ANALYST_EMAIL ?? ''
export const ANALYST_PASSWORD = process.env.GUANXI_E2E_ANALYST_PASSWORD ?? ''
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots')

/** Fails the run early without the staff account (call it in `test.beforeAll`). */
export function requireCredentials(): void {
  if (!EMAIL || !PASSWORD) throw new Error('Set GUANXI_E2E_EMAIL and GUANXI_E2E_PASSWORD')
}

/** The path of a screenshot in e2e/screenshots/ (git-ignored). */
export function shot(name: string): string {
  mkdirSync(SHOTS, { recursive: true })
  return join(SHOTS, `${name}.png`)
}

/** Console errors and uncaught exceptions fail the test. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const text = msg.text()
    // The browser logs an HTTP 401 on /graphql itself when a signed-out visit is refused.
    if (/Failed to load resource.*\b401\b/.test(text)) return
    problems.push(`console: ${text}`)
  })
  return problems
}

/** Sign in through the login page; lands on the customer list. */
export async function signIn(page: Page, email = EMAIL, password = PASSWORD) {
  await page.goto('/customers')
  await expect(page).toHaveURL(/\/login\?redirect=/)
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/customers(\?|$)/)
  await expect(page.getByTestId('viewer-name')).toBeAttached()
  await expect(page.getByTestId('customer-list-page')).toBeVisible()
}

/**
 * Follow a main-navigation entry the way a person would: straight from the bar, or by opening
 * the dropdown it sits in first ("Settings" for the administrator's pages on a wide window,
 * "Menu" when the bar is collapsed on a phone or a narrow window).
 */
export async function clickNav(page: Page, testid: string) {
  const link = page.getByTestId(testid)
  if (!(await link.isVisible())) {
    await page.getByTestId('nav-menu-toggle').or(page.getByTestId('nav-settings-toggle')).click()
  }
  await link.click()
}

/** POST /graphql in an API request context (its own cookie jar); returns `data`, failing on `errors`. */
export async function graphql<T = Record<string, any>>(
  request: APIRequestContext,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await request.post('/graphql', { data: { query, variables } })
  const body = await response.json()
  expect(body.errors ?? [], `GraphQL errors for ${query.slice(0, 60)}`).toEqual([])
  expect(response.ok()).toBe(true)
  return body.data as T
}

/** Sign in through the `login` mutation: the answer's Set-Cookie signs the request context in. */
export async function apiSignIn(request: APIRequestContext, email = EMAIL, password = PASSWORD) {
  const data = await graphql(
    request,
    'mutation($input: LoginInput!) { login(input: $input) { viewer { name } userErrors { code } } }',
    { input: { email, password } },
  )
  expect(data.login.userErrors).toEqual([])
}

export async function apiCreateCustomer(request: APIRequestContext, name: string): Promise<string> {
  const data = await graphql(
    request,
    'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code field } } }',
    { input: { name, city: '杭州', tags: ['e2e'] } },
  )
  expect(data.createCustomer.userErrors).toEqual([])
  return data.createCustomer.customer.id as string
}
