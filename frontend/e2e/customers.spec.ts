import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import {
  ANALYST_EMAIL,
  ANALYST_PASSWORD,
  apiCreateCustomer,
  apiSignIn,
  graphql,
  requireCredentials,
  shot,
  signIn,
  watchConsole,
} from './helpers'

async function apiRename(request: APIRequestContext, id: string, name: string) {
  const data = await graphql(
    request,
    'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }',
    { input: { id, name } },
  )
  expect(data.updateCustomer.userErrors).toEqual([])
}

test.beforeAll(requireCredentials)

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

const EVERYDAY = ['nav-customers', 'nav-my-day', 'nav-complaints', 'nav-feedback', 'nav-feedback-dashboard', 'nav-segments', 'nav-loyalty']
const SETTINGS = ['nav-contact-policy', 'nav-service-standards']

/** Fully inside the window (not clipped by its right edge). */
async function expectInView(page: Page, testid: string) {
  const link = page.getByTestId(testid)
  await expect(link, testid).toBeVisible()
  const box = (await link.boundingBox())!
  const width = page.viewportSize()!.width
  expect(box.x, testid).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, testid).toBeLessThanOrEqual(width)
}

test('an administrator reaches every page from the navigation, at 1280px and on a phone', async ({ page }) => {
  const problems = watchConsole(page)
  await signIn(page)

  // 1280px: the everyday pages in the bar, the settings pages behind "Settings".
  await expect(page.getByTestId('main-nav')).toHaveAttribute('data-collapsed', 'false')
  for (const testid of EVERYDAY) await expectInView(page, testid)
  await expect(page.getByTestId('nav-customers')).toHaveAttribute('aria-current', 'page')
  for (const testid of SETTINGS) await expect(page.getByTestId(testid)).toHaveCount(0)
  const settings = page.getByTestId('nav-settings-toggle')
  await expect(settings).toHaveAttribute('aria-expanded', 'false')
  await settings.click()
  await expect(settings).toHaveAttribute('aria-expanded', 'true')
  for (const testid of SETTINGS) await expectInView(page, testid)
  await page.screenshot({ path: shot('nav-settings-open') })
  // Escape closes it; so does a press elsewhere.
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('nav-settings-menu')).toHaveCount(0)
  await expect(settings).toBeFocused()
  await settings.click()
  await page.getByTestId('customer-list-page').click({ position: { x: 5, y: 5 } })
  await expect(page.getByTestId('nav-settings-menu')).toHaveCount(0)
  await settings.click()
  await page.getByTestId('nav-service-standards').click()
  await expect(page).toHaveURL(/\/settings\/service-standards$/)
  await expect(page.getByTestId('nav-settings-menu')).toHaveCount(0)
  await expect(settings).toHaveClass(/active/)
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)

  // A phone: everything behind "Menu", which names the page shown.
  await page.setViewportSize({ width: 390, height: 844 })
  const toggle = page.getByTestId('nav-menu-toggle')
  await expect(toggle).toBeVisible()
  await expect(page.getByTestId('main-nav')).toHaveAttribute('data-collapsed', 'true')
  await expect(page.getByTestId('nav-current')).toHaveText('Service standards')
  await expect(page.getByTestId('nav-customers')).toHaveCount(0)
  await toggle.click()
  for (const testid of [...EVERYDAY, ...SETTINGS]) await expectInView(page, testid)
  await expect(page.getByTestId('nav-service-standards')).toHaveAttribute('aria-current', 'page')
  await page.screenshot({ path: shot('nav-menu-mobile') })
  await page.getByTestId('nav-loyalty').click()
  await expect(page).toHaveURL(/\/loyalty$/)
  await expect(page.getByTestId('nav-menu')).toHaveCount(0)
  await expect(page.getByTestId('nav-current')).toHaveText('Loyalty')
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)

  // Wide again: back to the bar.
  await page.setViewportSize({ width: 1280, height: 860 })
  await expectInView(page, 'nav-loyalty')
  await expect(page.getByTestId('nav-loyalty')).toHaveAttribute('aria-current', 'page')
  expect(problems).toEqual([])
})

test('the customer page updates live', async ({ page, request }) => {
  const problems = watchConsole(page)
  await apiSignIn(request)
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`
  const id = await apiCreateCustomer(request, `E2E Live ${stamp}`)

  await signIn(page)
  await page.goto(`/customers/${encodeURIComponent(id)}`)
  await expect(page.getByTestId('customer-name')).toHaveText(`E2E Live ${stamp}`)
  // The subscription is up (connection acknowledged) before the change is made.
  await expect(page.getByTestId('customer-page')).toHaveAttribute('data-live', 'live')
  await expect(page.getByTestId('live-updated')).toHaveCount(0)
  // Survives only as long as the document does: a reload would drop it.
  await page.evaluate(() => ((window as unknown as { __e2eSamePage: boolean }).__e2eSamePage = true))

  // Someone else renames the customer through the API. The server starts listening for this
  // customer a moment after acknowledging the socket, so a rename that races it is retried
  // (with a new name); the page itself is never reloaded.
  let renamed = ''
  let attempt = 0
  await expect(async () => {
    renamed = `E2E Live renamed ${stamp}-${++attempt}`
    await apiRename(request, id, renamed)
    await expect(page.getByTestId('customer-name')).toHaveText(renamed, { timeout: 4000 })
  }).toPass({ timeout: 15_000, intervals: [250] })
  expect(attempt, 'the first rename should normally arrive').toBeLessThanOrEqual(2)

  await expect(page.getByTestId('live-updated')).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __e2eSamePage?: boolean }).__e2eSamePage)).toBe(true)
  await expect(page).toHaveTitle(new RegExp(renamed))
  await page.screenshot({ path: shot('customer-page-live') })

  // A purchase recorded elsewhere shows up in the list as well.
  const recorded = await graphql(
    request,
    'mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { userErrors { code } } }',
    { input: { customerId: id, amount: '88.00', currency: 'CNY', channel: 'STORE' } },
  )
  expect(recorded.recordPurchase.userErrors).toEqual([])
  await expect(page.getByTestId('purchase-row')).toHaveCount(1, { timeout: 5000 })
  await expect(page.getByTestId('customer-page').getByTestId('stage-badge').first()).toHaveText(/Purchaser/)

  expect(problems).toEqual([])
})

test('an analyst sees no write actions', async ({ page, request }) => {
  test.skip(!ANALYST_EMAIL || !ANALYST_PASSWORD, 'GUANXI_E2E_ANALYST_EMAIL / GUANXI_E2E_ANALYST_PASSWORD are not set')
  const problems = watchConsole(page)

  // A customer with a purchase, made by the admin, for the analyst to look at.
  await apiSignIn(request)
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`
  const name = `E2E Analyst view ${stamp}`
  const id = await apiCreateCustomer(request, name)
  const personal = await graphql(
    request,
    'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }',
    { input: { id, birthday: '1990-05-17', phones: [{ value: '138 0013 5678' }] } },
  )
  expect(personal.updateCustomer.userErrors).toEqual([])
  const recorded = await graphql(
    request,
    'mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { userErrors { code } } }',
    { input: { customerId: id, amount: '1280.50', currency: 'CNY', channel: 'ONLINE' } },
  )
  expect(recorded.recordPurchase.userErrors).toEqual([])

  await signIn(page, ANALYST_EMAIL, ANALYST_PASSWORD)
  await expect(page.getByTestId('viewer-role')).toHaveText('Analyst')

  // The list: readable, no "New customer".
  await page.getByTestId('customer-table').waitFor()
  await expect(page.getByTestId('customer-row').first()).toBeVisible()
  await expect(page.getByTestId('new-customer')).toHaveCount(0)
  await page.screenshot({ path: shot('analyst-customer-list') })

  // The customer page: everything readable, nothing to change.
  await page.goto(`/customers/${encodeURIComponent(id)}`)
  await expect(page.getByTestId('customer-name')).toHaveText(name)
  await expect(page.getByTestId('purchase-row')).toHaveCount(1)
  // Personal data masked: the phone cut short, the birthday reduced to its month.
  await expect(page.getByText('138****5678')).toBeVisible()
  await expect(page.getByText('138 0013 5678')).toHaveCount(0)
  await expect(page.getByTestId('customer-birthday')).toContainText('Month 5')
  for (const testid of [
    'edit-customer',
    'archive-customer',
    'restore-customer',
    'purchase-form',
    'purchase-submit',
    'purchase-refund',
    'pin-stage',
    'pin-stage-select',
  ]) {
    await expect(page.getByTestId(testid), testid).toHaveCount(0)
  }
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Archive|Restore|Record purchase|Refund/ })).toHaveCount(0)
  await page.screenshot({ path: shot('analyst-customer-page'), fullPage: true })

  // Typing the form's address shows "you cannot do this" instead of the form.
  await page.goto('/customers/new')
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('forbidden')).toContainText('You can’t do this')
  await expect(page.getByTestId('forbidden-needs')).toContainText('create and edit customers')
  await expect(page.getByTestId('customer-form')).toHaveCount(0)
  await expect(page).toHaveURL(/\/customers\/new$/)
  await page.screenshot({ path: shot('analyst-forbidden-new') })

  await page.goto(`/customers/${encodeURIComponent(id)}/edit`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('customer-form')).toHaveCount(0)
  await page.getByTestId('locale-switch').selectOption('zh-CN')
  await expect(page.getByTestId('forbidden')).toContainText('您无权执行此操作')
  await page.screenshot({ path: shot('analyst-forbidden-edit-zh') })
  await page.getByTestId('forbidden-view-customer').click()
  await expect(page.getByTestId('customer-name')).toHaveText(name)

  expect(problems).toEqual([])
})
