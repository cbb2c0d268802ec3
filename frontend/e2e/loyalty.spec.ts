import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { apiCreateCustomer, apiSignIn, graphql, requireCredentials, shot, signIn, watchConsole } from './helpers'

const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

/** The points a purchase of `amount` earns a member of the lowest tier, by the program in force. */
async function pointsFor(request: APIRequestContext, amount: number): Promise<number> {
  const data = await graphql(request, '{ loyaltyProgram { earnRate rounding tiers { multiplier } } }')
  const { earnRate, rounding, tiers } = data.loyaltyProgram
  const raw = amount * Number(earnRate) * Number(tiers[0].multiplier)
  return rounding === 'CEIL' ? Math.ceil(raw) : rounding === 'ROUND' ? Math.round(raw) : Math.floor(raw)
}

/** The balance as the API has it (null: not enrolled). */
async function apiBalance(request: APIRequestContext, customerId: string): Promise<number | null> {
  const data = await graphql(request, 'query($id: ID!) { customer(id: $id) { loyaltyAccount { balance } } }', { id: customerId })
  return data.customer.loyaltyAccount?.balance ?? null
}

async function expectBalance(card: Locator, points: number) {
  await expect(card.getByTestId('loyalty-balance')).toHaveAttribute('data-balance', String(points))
}

test.beforeAll(requireCredentials)

test('enrol, earn with a purchase, redeem once however often it is sent, and a redemption beyond the balance refused inline', async ({ page, request }) => {
  const problems = watchConsole(page)
  await apiSignIn(request)
  const name = `E2E Loyalty ${stamp()}`
  const customerId = await apiCreateCustomer(request, name)
  const amount = 1288
  const earned = await pointsFor(request, amount)
  expect(earned).toBeGreaterThan(500)

  await signIn(page)
  await page.goto(`/customers/${encodeURIComponent(customerId)}`)
  await expect(page.getByTestId('customer-name')).toHaveText(name)
  const card = page.getByTestId('customer-loyalty')

  // Not a member yet: enrol from the card.
  await expect(card).toHaveAttribute('data-enrolled', 'false')
  await expect(card.getByTestId('loyalty-not-enrolled')).toBeVisible()
  await card.getByTestId('loyalty-enrol').click()
  await expect(card).toHaveAttribute('data-enrolled', 'true')
  await expectBalance(card, 0)
  await expect(card.getByTestId('tier-badge').first()).toBeVisible()
  await expect(card.getByTestId('ledger-empty')).toBeVisible()
  await expect(card.getByTestId('tier-change')).toHaveCount(1)
  expect(await apiBalance(request, customerId)).toBe(0)

  // A purchase through the page's form earns its points; the card follows.
  await page.getByTestId('purchase-amount').fill(String(amount))
  await page.getByTestId('purchase-submit').click()
  await expect(page.getByTestId('purchase-row')).toHaveCount(1)
  await expectBalance(card, earned)
  await expect(card.locator('[data-testid="ledger-entry"][data-kind="EARN"]')).toHaveCount(1)
  await expect(card.locator('[data-testid="ledger-entry"][data-kind="EARN"]')).toHaveAttribute('data-amount', String(earned))
  await expect(card.locator('[data-testid="ledger-entry"][data-kind="EARN"]').getByTestId('ledger-reference')).toHaveText('Purchase')
  await expect(card.getByTestId('tier-progress-text')).toContainText('points to')

  // Redeem 300 points. The request goes out twice with the same idempotency key (as a retry after a
  // lost answer would): the points are taken once.
  let sent = 0
  await page.route('**/graphql', async (route) => {
    const body = route.request().postDataJSON() as { query?: string } | null
    if (body?.query?.includes('mutation RedeemPoints') && sent === 0) {
      sent++
      await route.fetch() // the first attempt; its answer is "lost"
      await route.fulfill({ response: await route.fetch() }) // the retry, same body and key
      return
    }
    await route.continue()
  })
  await card.getByTestId('open-redeem').click()
  const form = card.getByTestId('redeem-form')
  await expect(form.getByTestId('redeem-mode-points')).toBeChecked()
  await form.getByTestId('redeem-points').fill('300')
  await form.getByTestId('redeem-reason').fill('E2E discount at the till')
  await form.getByTestId('redeem-submit').dblclick()
  await expect(page.getByTestId('flash')).toContainText('300 points redeemed')
  await expect(form).toHaveCount(0)
  await expectBalance(card, earned - 300)
  const redeems = card.locator('[data-testid="ledger-entry"][data-kind="REDEEM"]')
  await expect(redeems).toHaveCount(1)
  await expect(redeems).toHaveAttribute('data-amount', '-300')
  await expect(redeems.getByTestId('ledger-reason')).toHaveText('E2E discount at the till')
  expect(sent).toBe(1)
  expect(await apiBalance(request, customerId)).toBe(earned - 300)
  await page.unroute('**/graphql')
  await page.screenshot({ path: shot('loyalty-customer-card'), fullPage: true })

  // More than the balance: refused on the points field, nothing written.
  const balance = earned - 300
  await card.getByTestId('open-redeem').click()
  await form.getByTestId('redeem-points').fill(String(balance + 1))
  await form.getByTestId('redeem-submit').click()
  const error = form.getByTestId('field-points').getByTestId('field-error')
  await expect(error).toBeVisible()
  await expect(error).toHaveAttribute('data-field', 'points')
  await expect(error).toContainText('does not cover')
  await expect(form.getByTestId('redeem-points')).toHaveAttribute('aria-invalid', 'true')
  await expectBalance(card, balance)
  await expect(redeems).toHaveCount(1)
  expect(await apiBalance(request, customerId)).toBe(balance)
  await page.screenshot({ path: shot('loyalty-insufficient') })

  // Corrected, the same form goes through.
  await form.getByTestId('redeem-points').fill(String(balance))
  await form.getByTestId('redeem-submit').click()
  await expectBalance(card, 0)
  await expect(redeems).toHaveCount(2)

  // A staff adjustment needs a reason, then puts points back.
  await card.getByTestId('open-adjust').click()
  const adjust = card.getByTestId('adjust-form')
  await adjust.getByTestId('adjust-points').fill('+50')
  await adjust.getByTestId('adjust-submit').click()
  await expect(adjust.getByTestId('field-reason').getByTestId('field-error')).toBeVisible()
  await adjust.getByTestId('adjust-reason').fill('E2E goodwill')
  await adjust.getByTestId('adjust-submit').click()
  await expectBalance(card, 50)
  await expect(card.locator('[data-testid="ledger-entry"][data-kind="ADJUST"]')).toHaveAttribute('data-amount', '50')

  // The card fits a phone.
  await page.setViewportSize({ width: 390, height: 844 })
  await card.scrollIntoViewIfNeeded()
  expect(await overflow(page)).toBeLessThanOrEqual(0)
  await card.screenshot({ path: shot('loyalty-customer-card-mobile') })

  expect(problems).toEqual([])
})

test('a reward from the catalogue: redeemed through the picker, then out of stock inline; the loyalty page', async ({ page, request }) => {
  const problems = watchConsole(page)
  await apiSignIn(request)
  const s = stamp()
  const customerId = await apiCreateCustomer(request, `E2E Reward ${s}`)
  const bought = await graphql(
    request,
    'mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) { userErrors { code field } } }',
    { input: { customerId, amount: '2000.00', currency: 'CNY', channel: 'STORE' } },
  )
  expect(bought.recordPurchase.userErrors).toEqual([])
  const balance = await apiBalance(request, customerId)
  expect(balance, 'customers are enrolled on their first purchase').toBeGreaterThan(100)
  const rewardName = `E2E tea cup ${s}`
  const created = await graphql(
    request,
    'mutation($input: CreateRewardInput!) { createReward(input: $input) { reward { id } userErrors { code field } } }',
    { input: { name: rewardName, pointsCost: 100, stock: 1 } },
  )
  expect(created.createReward.userErrors).toEqual([])
  const rewardId = created.createReward.reward.id as string

  await signIn(page)
  await page.goto(`/customers/${encodeURIComponent(customerId)}`)
  const card = page.getByTestId('customer-loyalty')
  await expectBalance(card, balance!)
  await card.getByTestId('open-redeem').click()
  const form = card.getByTestId('redeem-form')
  await form.getByTestId('redeem-mode-reward').check()
  const option = form.locator(`[data-testid="reward-option"][data-id="${rewardId}"]`)
  await expect(option).toContainText('100 points')
  await expect(option).toContainText('1 left')
  await option.click()
  await expect(form.getByTestId('redeem-submit')).toHaveText('Redeem for 100 points')
  await form.getByTestId('redeem-submit').click()
  await expectBalance(card, balance! - 100)
  const redeem = card.locator('[data-testid="ledger-entry"][data-kind="REDEEM"]')
  await expect(redeem).toHaveAttribute('data-amount', '-100')
  await expect(redeem.getByTestId('ledger-reference')).toHaveText('Reward')

  // The last one is gone: the picker says so, and the API's refusal shows on the reward field.
  await card.getByTestId('open-redeem').click()
  await form.getByTestId('redeem-mode-reward').check()
  await expect(option).toContainText('None left')
  await expect(option.getByTestId('reward-issues')).toContainText('Out of stock')
  await option.click()
  await form.getByTestId('redeem-submit').click()
  const error = form.getByTestId('field-rewardId').getByTestId('field-error')
  await expect(error).toBeVisible()
  await expect(error).toContainText('out of stock')
  await expectBalance(card, balance! - 100)
  await expect(redeem).toHaveCount(1)

  // The loyalty page: figures, charts, the catalogue with the reward, the program.
  await page.getByTestId('nav-loyalty').click()
  await expect(page).toHaveURL(/\/loyalty$/)
  await expect(page.getByTestId('kpi-members-value')).not.toHaveText('0')
  await expect(page.getByTestId('tier-bar').first()).toBeVisible()
  await expect(page.getByTestId('months-svg')).toBeVisible()
  const row = page.getByTestId('reward-row').filter({ hasText: rewardName })
  await expect(row.getByTestId('reward-row-stock')).toHaveText('None left')
  await page.getByTestId('loyalty-range-24').check()
  await expect(page).toHaveURL(/months=24/)
  await expect(page.getByTestId('month-bar')).toHaveCount(24)

  // A reward's change refused by the API shows next to its input; a program setting too (nothing saved).
  await row.getByTestId('reward-edit').click()
  const rewardForm = page.getByTestId('reward-form')
  await rewardForm.getByTestId('reward-name').fill('')
  await rewardForm.getByTestId('reward-save').click()
  await expect(rewardForm.getByTestId('field-name').getByTestId('field-error')).toBeVisible()
  await rewardForm.getByTestId('reward-cancel').click()
  const program = page.getByTestId('program-form')
  await program.getByTestId('program-earn-rate').fill('0')
  await program.getByTestId('program-save').click()
  await expect(program.getByTestId('field-earnRate').getByTestId('field-error')).toBeVisible()
  await program.getByTestId('program-undo').click()
  await expect(program.getByTestId('program-save')).toBeDisabled()
  await page.screenshot({ path: shot('loyalty-page'), fullPage: true })

  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await expect(page.getByTestId('tier-bar').first()).toBeVisible()
  expect(await overflow(page)).toBeLessThanOrEqual(0)
  await page.screenshot({ path: shot('loyalty-page-mobile'), fullPage: true })

  expect(problems).toEqual([])
})
