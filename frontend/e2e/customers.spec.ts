import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'

const EMAIL = process.env.GUANXI_E2E_EMAIL ?? ''
const PASSWORD = process.env.GUANXI_E2E_PASSWORD ?? ''
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots')

function shot(name: string) {
  mkdirSync(SHOTS, { recursive: true })
  return join(SHOTS, `${name}.png`)
}

/** Console errors and uncaught exceptions fail the test. */
function watchConsole(page: Page): string[] {
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

async function signIn(page: Page) {
  await page.goto('/customers')
  await expect(page).toHaveURL(/\/login\?redirect=/)
  await page.getByTestId('login-email').fill(EMAIL)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/customers(\?|$)/)
  await expect(page.getByTestId('viewer-name')).toBeAttached()
  await expect(page.getByTestId('customer-list-page')).toBeVisible()
}

test.beforeAll(() => {
  if (!EMAIL || !PASSWORD) throw new Error('Set GUANXI_E2E_EMAIL and GUANXI_E2E_PASSWORD')
})

test('sign in, create a customer, then find it in the list', async ({ page }) => {
  const problems = watchConsole(page)
  page.on('dialog', (dialog) => void dialog.accept())
  await signIn(page)

  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`
  const name = `E2E 客户 ${stamp}`
  const email = `e2e.${stamp}@example.com`
  const phoneDigits = stamp.slice(-8)
  const phone = `+86 139 ${phoneDigits.slice(0, 4)} ${phoneDigits.slice(4)}`

  await page.getByTestId('new-customer').click()
  await expect(page).toHaveURL(/\/customers\/new$/)
  await page.getByTestId('input-name').fill(name)
  await page.getByTestId('input-emails-0').fill(email)
  await page.getByTestId('input-phones-0').fill(phone)
  await page.getByTestId('input-city').fill('上海')
  await page.getByTestId('input-tags').fill('e2e, vip')
  await page.getByTestId('customer-submit').click()

  // Lands on the new customer's page.
  await expect(page).toHaveURL(/\/customers\/(?!new$)[^/?]+$/)
  await expect(page.getByTestId('customer-name')).toHaveText(name)
  await expect(page.getByTestId('customer-emails')).toContainText(email)
  await expect(page.getByTestId('customer-phones')).toContainText(phoneDigits.slice(-4))
  const customerUrl = page.url()
  await page.screenshot({ path: shot('customer-page'), fullPage: true })

  // The list finds it by search, and the search survives a reload (it lives in the URL).
  await page.getByTestId('nav-customers').click()
  await expect(page.getByTestId('customer-list-page')).toBeVisible()
  await page.getByTestId('customer-table').or(page.getByTestId('list-empty')).waitFor()
  await page.screenshot({ path: shot('customer-list'), fullPage: true })

  await page.getByTestId('customer-search').fill(name)
  await expect(page).toHaveURL(/[?&]q=/)
  // The name is unique; a server whose search also matches on single words may list more.
  const row = page.getByTestId('customer-row').filter({ hasText: name })
  await expect(row).toHaveCount(1)
  await expect(page.getByTestId('total-count')).not.toHaveAttribute('data-count', '0')

  await page.reload()
  await expect(page.getByTestId('customer-search')).toHaveValue(name)
  await expect(row).toHaveCount(1)
  await page.screenshot({ path: shot('customer-list-search'), fullPage: true })

  await row.getByTestId('customer-link').click()
  await expect(page).toHaveURL(customerUrl)
  await expect(page.getByTestId('customer-name')).toHaveText(name)

  expect(problems).toEqual([])
})

test('an invalid email is reported next to the email field', async ({ page }) => {
  const problems = watchConsole(page)
  page.on('dialog', (dialog) => void dialog.accept())
  await signIn(page)

  await page.goto('/customers/new')
  await page.getByTestId('input-name').fill(`E2E invalid ${Date.now()}`)
  await page.getByTestId('input-emails-0').fill('not-an-email')
  await page.getByTestId('customer-submit').click()

  const emails = page.getByTestId('emails-fieldset')
  await expect(emails.getByTestId('field-error')).toBeVisible()
  await expect(page.getByTestId('input-emails-0')).toHaveAttribute('aria-invalid', 'true')
  await expect(page).toHaveURL(/\/customers\/new$/)
  await page.screenshot({ path: shot('customer-form-invalid-email') })

  expect(problems).toEqual([])
})

test('the list is usable on a phone (390px)', async ({ page }) => {
  const problems = watchConsole(page)
  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page)
  await page.getByTestId('customer-table').or(page.getByTestId('list-empty')).waitFor()

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expect(page.getByTestId('customer-search')).toBeVisible()
  await expect(page.getByTestId('new-customer')).toBeVisible()
  await page.screenshot({ path: shot('customer-list-mobile') })

  expect(problems).toEqual([])
})
