// The real MX Connect widget (2.10.1) in Debian's Chromium, embedded by a parent page
// on another origin, against a live Polyfin. Each scenario ends with a screenshot in
// e2e/artifacts/ and fails on any console error.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { artifactsDir, launchBrowser, startParent, startServer } from './lib.mjs'

let server
let parent
let browser

before(async () => {
  server = await startServer()
  parent = await startParent()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await parent?.close()
  await server?.stop()
})

async function newUser() {
  const res = await server.mx('POST', '/users', { user: { email: 'e2e@example.com' } })
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.user.guid
}

async function widgetUrl(user, options = {}, headers = {}) {
  const res = await server.mx(
    'POST',
    `/users/${user}/widget_urls`,
    { widget_url: { widget_type: 'connect_widget', ...options } },
    headers,
  )
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.widget_url.url
}

// A webview's navigation event `<scheme>://connect/<event>?metadata=…` read back as
// the postMessage it stands for (mx-platform-api.md §6.2).
function navigationMessage(url) {
  const parsed = new URL(url)
  return { mx: true, type: `mx/${parsed.host}${parsed.pathname}`, metadata: JSON.parse(parsed.searchParams.get('metadata')) }
}

// Opens the parent page on a widget URL (or, for a webview, the widget URL itself, as
// an app's webview does); collects console errors of every frame.
async function open(url, name, { webviewScheme } = {}) {
  const page = await browser.context.newPage()
  const errors = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`))
  if (webviewScheme) {
    // The app's side of a webview: it takes every navigation to its scheme and keeps
    // the page where it is (Android's shouldOverrideUrlLoading, iOS's
    // decidePolicyFor), here through the Navigation API's cancellable navigate event.
    await page.addInitScript((scheme) => {
      window.__appNavigations = []
      navigation.addEventListener('navigate', (event) => {
        if (event.destination.url.startsWith(`${scheme}://`)) {
          window.__appNavigations.push(event.destination.url)
          event.preventDefault()
        }
      })
    }, webviewScheme)
  }
  await page.goto(webviewScheme ? url : parent.url(url))
  const frame = webviewScheme ? page : page.frameLocator('#connect')
  const calls = []
  page.on('response', (r) => {
    if (r.url().includes('/connect/api/')) calls.push(`${r.status()} ${r.request().method()} ${r.url().split('/connect/api')[1]}`)
  })
  const session = {
    calls,
    page,
    frame,
    errors,
    navigations: () => page.evaluate(() => window.__appNavigations),
    messages: async () =>
      webviewScheme ? (await session.navigations()).map(navigationMessage) : page.evaluate(() => window.__messages),
    async waitFor(type, predicate = () => true, timeout = 45000) {
      const deadline = Date.now() + timeout
      while (Date.now() < deadline) {
        const found = (await session.messages()).find((m) => m.type === type && predicate(m.metadata || {}))
        if (found) return found
        await page.waitForTimeout(200)
      }
      await session.shot(`${name}-timeout`)
      const seen = JSON.stringify((await session.messages()).map((m) => m.type))
      throw new Error(`no ${type} message; got ${seen}; calls:\n${calls.slice(-12).join('\n')}`)
    },
    async shot(label = name) {
      await page.screenshot({ path: path.join(artifactsDir(), `${label}.png`) })
    },
    async finish() {
      await session.shot()
      await page.close()
      assert.deepEqual(errors, [], `console errors in ${name}`)
    },
  }
  return session
}

async function searchAndPick(s, term, name) {
  await s.frame.getByPlaceholder('Search').fill(term)
  // Click once the results have replaced the popular list (a click while the list is
  // swapped can land on neither).
  await s.frame.getByRole('heading', { name: /^\d+ search results?$/ }).waitFor()
  await s.frame.getByRole('button', { name: `Add account with ${name}`, exact: true }).click()
}

async function enterCredentials(s, username, password) {
  await s.frame.locator('#LOGIN').fill(username)
  await s.frame.locator('#PASSWORD').fill(password)
  await s.frame.getByRole('button', { name: 'Continue' }).click()
}

async function accountsOf(user, member) {
  const res = await server.mx('GET', `/users/${user}/members/${member}/accounts`)
  assert.equal(res.status, 200)
  return res.body.accounts
}

async function memberOf(user) {
  const members = (await server.mx('GET', `/users/${user}/members`)).body.members
  assert.equal(members.length, 1, JSON.stringify(members))
  return members[0]
}

// The MX API creates a member and waits (by polling its status) until its job settles.
async function memberViaApi(user, login, password) {
  const res = await server.mx('POST', `/users/${user}/members`, {
    member: {
      institution_code: 'mxbank',
      credentials: [
        { field_name: 'LOGIN', value: login },
        { field_name: 'PASSWORD', value: password },
      ],
    },
  })
  assert.equal(res.status, 202, JSON.stringify(res.body))
  const guid = res.body.member.guid
  for (let i = 0; i < 100; i++) {
    const status = (await server.mx('GET', `/users/${user}/members/${guid}/status`)).body.member
    if (!status.is_being_aggregated || status.connection_status === 'CHALLENGED') return status
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('member did not settle')
}

// Polls the member's status until its job settles.
async function settled(user, guid) {
  for (let i = 0; i < 100; i++) {
    const status = (await server.mx('GET', `/users/${user}/members/${guid}/status`)).body.member
    if (!status.is_being_aggregated) return status
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('member did not settle')
}

async function answerText(s, label, answer) {
  await s.frame.locator(`input[name="${label}"]`).fill(answer)
  await s.frame.getByRole('button', { name: 'Continue' }).click()
}

async function expectConnected(s, user, done = 'Done') {
  const connected = await s.waitFor('mx/connect/memberConnected')
  assert.equal(connected.metadata.user_guid, user)
  assert.match(connected.metadata.session_guid, /^ANS-/)
  await s.frame.getByRole('button', { name: done }).waitFor()
  await s.page.waitForTimeout(800) // the success view fades in
  return connected.metadata.member_guid
}

// Scenarios are independent (one user each) and mostly wait for the widget's 3 s
// polls, so a few run at once.
describe('Connect widget', { concurrency: 4 }, () => {
  test('search MX Bank, enter credentials, connected', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user), 'connected')
    await s.waitFor('mx/connect/loaded', (m) => m.initial_step === 'search')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'ann', 'password')
    const entered = await s.waitFor('mx/connect/enterCredentials')
    assert.equal(entered.metadata.institution.code, 'mxbank')
    const memberGuid = await expectConnected(s, user)
    const member = await memberOf(user)
    assert.equal(memberGuid, member.guid)
    assert.equal(member.connection_status, 'CONNECTED')
    assert.ok((await accountsOf(user, member.guid)).length > 0)
    await s.finish()
  })

  test('text MFA with two questions', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user), 'mfa-text')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'tess', 'challenge')
    await answerText(s, 'What city were you born in?', 'challenge')
    await s.waitFor('mx/connect/submitMFA')
    await answerText(s, 'What was the name of your first pet?', 'correct')
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, (await memberOf(user)).guid)
    const submits = (await s.messages()).filter((m) => m.type === 'mx/connect/submitMFA')
    assert.equal(submits.length, 2)
    await s.finish()
  })

  test('options MFA', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user), 'mfa-options')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'otto', 'options')
    await s.frame.getByText('Call me at xxx-xxx-5678').click()
    await s.frame.getByRole('button', { name: 'Continue' }).click()
    await expectConnected(s, user)
    assert.equal((await memberOf(user)).connection_status, 'CONNECTED')
    await s.finish()
  })

  test('a bad password, then the right one', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user), 'denied-then-connected')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'dan', 'INVALID')
    const error = await s.waitFor('mx/connect/memberError')
    assert.equal(error.metadata.member.connection_status, 2)
    await s.shot('denied')
    await enterCredentials(s, 'dan', 'password')
    await s.waitFor('mx/connect/updateCredentials')
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, error.metadata.member.guid)
    assert.equal((await memberOf(user)).connection_status, 'CONNECTED')
    await s.finish()
  })

  test('a locked account', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user), 'locked')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'lou', 'LOCKED')
    const error = await s.waitFor('mx/connect/memberError')
    assert.equal(error.metadata.member.connection_status, 5)
    await s.frame.getByRole('heading', { name: 'Account is locked' }).waitFor()
    assert.equal((await memberOf(user)).connection_status, 'LOCKED')
    await s.finish()
  })

  test('OAuth authorized in the popup', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user), 'oauth')
    await searchAndPick(s, 'MX Bank (OAuth)', 'MX Bank (OAuth)')
    const popupOpened = s.page.waitForEvent('popup')
    await s.frame.getByText('Go to log in').click()
    const requested = await s.waitFor('mx/connect/oauthRequested')
    const popup = await popupOpened
    await popup.locator('#authorize').click()
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, requested.metadata.member_guid)
    const member = await memberOf(user)
    assert.equal(member.connection_status, 'CONNECTED')
    assert.ok((await accountsOf(user, member.guid)).length > 0)
    await s.finish()
  })

  test('verification mode ends with account numbers', async () => {
    const user = await newUser()
    const s = await open(await widgetUrl(user, { mode: 'verification' }), 'verification')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'vera', 'password')
    const memberGuid = await expectConnected(s, user)
    const numbers = await server.mx('GET', `/users/${user}/members/${memberGuid}/account_numbers`)
    assert.equal(numbers.status, 200)
    assert.ok(numbers.body.account_numbers.length > 0)
    assert.match(numbers.body.account_numbers[0].routing_number, /^\d{9}$/)
    await s.finish()
  })

  test('adding an institution the user already has', async () => {
    const user = await newUser()
    const existing = await memberViaApi(user, 'erin', 'password')
    const s = await open(await widgetUrl(user), 'existing-member')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await enterCredentials(s, 'erin', 'password')
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, existing.guid)
    assert.equal((await memberOf(user)).guid, existing.guid)
    await s.finish()
  })

  test('current_member_guid reopens a challenged member at MFA', async () => {
    const user = await newUser()
    const challenged = await memberViaApi(user, 'carl', 'challenge')
    assert.equal(challenged.connection_status, 'CHALLENGED')
    const url = await widgetUrl(user, { current_member_guid: challenged.guid })
    const s = await open(url, 'current-member-mfa')
    await s.waitFor('mx/connect/loaded', (m) => m.initial_step === 'mfa')
    await answerText(s, 'What city were you born in?', 'correct')
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, challenged.guid)
    await s.finish()
  })

  test('current_institution_code in French, without search', async () => {
    const user = await newUser()
    const options = { current_institution_code: 'mxbank', disable_institution_search: true, color_scheme: 'dark' }
    const url = await widgetUrl(user, options, { 'Accept-Language': 'fr-CA' })
    const s = await open(url, 'institution-fr')
    await s.waitFor('mx/connect/loaded', (m) => m.initial_step === 'enterCreds')
    const lang = await s.frame.locator('html').getAttribute('lang')
    assert.equal(lang, 'fr-ca')
    await s.frame.locator('#LOGIN').fill('fred')
    await s.frame.locator('#PASSWORD').fill('password')
    await s.frame.locator('button[type=submit]').click()
    await expectConnected(s, user, 'Terminé')
    await s.finish()
  })

  test('a mobile webview gets URL navigations instead of postMessages', async () => {
    const user = await newUser()
    const options = { is_mobile_webview: true, ui_message_webview_url_scheme: 'polyfinapp' }
    const s = await open(await widgetUrl(user, options), 'webview', { webviewScheme: 'polyfinapp' })
    await s.waitFor('mx/connect/loaded', (m) => m.initial_step === 'search')
    await searchAndPick(s, 'MX Bank', 'MX Bank')
    await s.waitFor('mx/connect/institutionSearch', (m) => m.query === 'MX Bank')
    const selected = await s.waitFor('mx/connect/selectedInstitution')
    assert.equal(selected.metadata.code, 'mxbank')
    await enterCredentials(s, 'wes', 'password')
    const entered = await s.waitFor('mx/connect/enterCredentials')
    assert.equal(entered.metadata.institution.code, 'mxbank')
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, (await memberOf(user)).guid)
    const navigations = await s.navigations()
    for (const url of navigations) assert.match(url, /^polyfinapp:\/\/connect\/[A-Za-z/]+\?metadata=%7B/)
    assert.ok(navigations.some((u) => u.startsWith('polyfinapp://connect/memberConnected?')))
    // The app took every navigation: the page never left /connect.
    assert.equal(await s.page.evaluate(() => location.pathname), '/connect')
    await s.finish()
  })

  test('update_credentials reopens a member whose password changed', async () => {
    const user = await newUser()
    const member = await memberViaApi(user, 'uma', 'password')
    assert.equal(member.connection_status, 'CONNECTED')
    // The bank password changed: the stored one no longer works (DENIED).
    const changed = await server.mx('PUT', `/users/${user}/members/${member.guid}`, {
      member: {
        credentials: [
          { field_name: 'LOGIN', value: 'uma' },
          { field_name: 'PASSWORD', value: 'INVALID' },
        ],
      },
    })
    assert.equal(changed.status, 200, JSON.stringify(changed.body))
    const denied = await settled(user, member.guid)
    assert.equal(denied.connection_status, 'DENIED')
    const url = await widgetUrl(user, { current_member_guid: member.guid, update_credentials: true })
    const s = await open(url, 'update-credentials')
    await s.waitFor('mx/connect/loaded', (m) => m.initial_step === 'enterCreds')
    await enterCredentials(s, 'uma', 'password')
    const update = await s.waitFor('mx/connect/updateCredentials')
    assert.equal(update.metadata.member_guid, member.guid)
    assert.equal(update.metadata.institution.code, 'mxbank')
    const memberGuid = await expectConnected(s, user)
    assert.equal(memberGuid, member.guid)
    const after = await memberOf(user)
    assert.equal(after.guid, member.guid, 'the same member, not a new one')
    assert.equal(after.connection_status, 'CONNECTED')
    await s.finish()
  })

  test('a pre-initiated micro-deposit completed with account numbers', async () => {
    const user = await newUser()
    const person = { email: 'mia@example.com', first_name: 'Mia', last_name: 'Moss' }
    const pre = await server.mx('POST', `/users/${user}/micro_deposits`, { micro_deposit: person })
    assert.equal(pre.status, 200, JSON.stringify(pre.body))
    const guid = pre.body.micro_deposit[0].guid
    assert.equal(pre.body.micro_deposit[0].status, 'PREINITIATED')
    const url = await widgetUrl(user, { mode: 'verification', current_microdeposit_guid: guid })
    const s = await open(url, 'microdeposit-update')
    await s.waitFor('mx/connect/loaded', (m) => m.initial_step === 'search')
    // A bank the catalogue does not have: the no-results view offers account numbers.
    await s.frame.getByPlaceholder('Search').fill('Nowhere Savings')
    await s.frame.getByRole('button', { name: 'Connect with account numbers' }).click()
    await s.waitFor('mx/connect/microdeposits/loaded', (m) => m.initial_step === 'routingNumber')
    await s.frame.getByLabel(/^Routing number/).fill('091000019')
    await s.frame.getByRole('button', { name: 'Continue to confirm details' }).click()
    await s.frame.getByRole('heading', { name: 'Connect your institution with account numbers' }).waitFor()
    await s.frame.getByRole('button', { name: 'Continue' }).click()
    await s.frame.getByText('Savings', { exact: true }).click()
    await s.frame.getByLabel(/^Account number/).fill('987654321')
    await s.frame.getByLabel(/^Confirm account number/).fill('987654321')
    await s.frame.getByRole('button', { name: 'Continue to confirm details' }).click()
    // The pre-initiated person is known, so the personal-info form is skipped.
    await s.frame.getByRole('button', { name: 'Confirm' }).click()
    const submitted = await s.waitFor('mx/connect/microdeposits/detailsSubmitted')
    assert.equal(submitted.metadata.microdeposit_guid, guid)
    await s.frame.getByRole('heading', { name: 'Check back soon' }).waitFor()
    await s.page.waitForTimeout(800) // the view fades in
    assert.ok(s.calls.some((c) => c.startsWith(`200 PUT /users/${user}/micro_deposits/${guid}`)), s.calls.join('\n'))
    const read = await server.mx('GET', `/users/${user}/micro_deposits/${guid}`)
    const md = read.body.micro_deposit[0]
    assert.deepEqual(
      [md.status, md.account_number, md.account_type, md.routing_number, md.email],
      ['INITIATED', '987654321', 'SAVINGS', '091000019', 'mia@example.com'],
    )
    await s.finish()
  })

  test('a used widget URL shows an error page, not a session', async () => {
    const user = await newUser()
    const url = await widgetUrl(user)
    const first = await fetch(url)
    assert.equal(first.status, 200)
    const again = await fetch(url)
    assert.equal(again.status, 410)
    assert.match(await again.text(), /expired/)
    const api = await fetch(`${server.baseUrl}/connect/api/users/${user}/members`)
    assert.equal(api.status, 401)
  })
})
