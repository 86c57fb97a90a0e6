// The apiService the widget calls: each callback maps to one /connect/api route
// (spec connect-widget-backend.md §1.2, §5.4). Errors are axios-shaped Error
// instances (R2); envelopes are unwrapped exactly as R3 says.

const API = '/connect/api'
let session = null

export function setSession(value) {
  session = value
}

const users = () => `${API}/users/${session.user_guid}`

function qs(params = {}) {
  const parts = []
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${encodeURIComponent(key)}[]=${encodeURIComponent(item)}`)
    } else {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    }
  }
  return parts.join('&')
}

async function http(method, url, body) {
  const headers = {
    Authorization: `Bearer ${session.token}`,
    'Accept-Language': document.documentElement.lang || 'en',
    Accept: 'application/json',
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch (cause) {
    throw Object.assign(new Error(`network error ${method} ${url}`), {
      response: { status: 0, data: {} },
      config: { url },
      cause,
    })
  }
  const text = await res.text()
  let data = {}
  try {
    data = text ? JSON.parse(text) : {}
  } catch {
    data = { error: { message: text } }
  }
  if (!res.ok) throw httpError(res.status, data, method, url)
  return data
}

// The axios-shaped rejection the widget reads (err.response.status/data, R2).
function httpError(status, data, method, url) {
  return Object.assign(new Error(`HTTP ${status} ${method} ${url}`), {
    response: { status, data },
    config: { url },
  })
}

// "Member already exists" arrives as a 200 naming the member, so the browser logs no
// failed request; the widget expects it as a 409 rejection with a top-level guid.
function existingMemberAs409(url) {
  return (body) => {
    if (body.existing_member_guid) {
      throw httpError(409, { guid: body.existing_member_guid }, 'POST', url)
    }
    return body
  }
}

// Only what the server may use from the browser's config; it merges this with the
// options stored for the session and trusts the stored ones (R8).
const cfg = (c = {}) => ({
  mode: c.mode,
  include_identity: c.include_identity,
  include_transactions: c.include_transactions,
  disable_background_agg: c.disable_background_agg,
  data_request: c.data_request,
  use_cases: c.use_cases,
  oauth_referral_source: c.oauth_referral_source,
  is_mobile_webview: c.is_mobile_webview,
  client_redirect_url: c.client_redirect_url,
  ui_message_webview_url_scheme: c.ui_message_webview_url_scheme,
  enable_app2app: c.enable_app2app,
})

const enc = encodeURIComponent

export const apiService = {
  loadInstitutions: (q) => http('GET', `${API}/institutions?${qs(q)}`).then((r) => r.institutions),
  loadPopularInstitutions: (q) =>
    http('GET', `${API}/institutions/favorites?${qs(q)}`).then((r) => r.institutions).catch(() => []),
  loadDiscoveredInstitutions: (q) =>
    http('GET', `${users()}/institutions/discovered?${qs(q)}`).then((r) => r.institutions).catch(() => []),
  loadInstitutionByGuid: (g) => http('GET', `${API}/institutions/${enc(g)}`).then((r) => r.institution),
  loadInstitutionByCode: (c) => http('GET', `${API}/institutions/${enc(c)}`).then((r) => r.institution),
  getInstitutionCredentials: (g) =>
    http('GET', `${API}/institutions/${enc(g)}/credentials`).then((r) => r.credentials),
  loadMembers: () => http('GET', `${users()}/members`).then((r) => r.members),
  loadMemberByGuid: (g) => http('GET', `${users()}/members/${enc(g)}`).then((r) => r.member),
  addMember: (m, c, h) =>
    http('POST', `${users()}/members`, {
      member: { institution_guid: m.institution_guid, credentials: m.credentials, is_oauth: !!m.is_oauth },
      config: cfg(c),
      is_human: !!h,
    }).then(existingMemberAs409(`${users()}/members`)),
  updateMember: (m, c, h) =>
    http('PUT', `${users()}/members/${enc(m.guid)}`, {
      member: { credentials: m.credentials, use_cases: m.use_cases },
      config: cfg(c),
      is_human: !!h,
    }).then((r) => r.member),
  updateMFA: (m, c, h) =>
    http('PUT', `${users()}/members/${enc(m.guid)}/resume`, {
      member: { challenges: m.credentials },
      config: cfg(c),
      is_human: !!h,
    }).then((r) => r.member),
  deleteMember: (m) => http('DELETE', `${users()}/members/${enc(m.guid)}`),
  getMemberCredentials: (g) => http('GET', `${users()}/members/${enc(g)}/credentials`).then((r) => r.credentials),
  runJob: (t, g, c, h) =>
    http('POST', `${users()}/members/${enc(g)}/jobs`, { job_type: Number(t), config: cfg(c), is_human: !!h }).then(
      (r) => r.job,
    ),
  loadJob: (g) => http('GET', `${users()}/jobs/${enc(g)}`).then((r) => r.job),
  getOAuthWindowURI: (g, c = {}) =>
    http(
      'GET',
      `${users()}/members/${enc(g)}/oauth_window_uri?${qs({
        referral_source: c.oauth_referral_source,
        client_redirect_url: c.client_redirect_url,
        enable_app2app: c.enable_app2app,
        ui_message_webview_url_scheme: c.ui_message_webview_url_scheme,
      })}`,
    ).then((r) => r.member),
  oAuthStart: ({ member }) => http('POST', `${users()}/members/${enc(member.guid)}/oauth_start`).catch(() => {}),
  loadOAuthStates: (q) => http('GET', `${users()}/oauth_states?${qs(q)}`).then((r) => r.oauth_states),
  loadOAuthState: (g) => http('GET', `${users()}/oauth_states/${enc(g)}`).then((r) => r.oauth_state),
  createAccount: (a) => http('POST', `${users()}/accounts`, { account: a }).then((r) => r.account),
  createMicrodeposit: (md) => http('POST', `${users()}/micro_deposits`, { micro_deposit: md }),
  updateMicrodeposit: (g, md) => http('PUT', `${users()}/micro_deposits/${enc(g)}`, { micro_deposit: md }),
  loadMicrodepositByGuid: (g) => http('GET', `${users()}/micro_deposits/${enc(g)}`).then((r) => r.micro_deposit),
  refreshMicrodepositStatus: (g) => http('POST', `${users()}/micro_deposits/${enc(g)}/refresh`),
  verifyMicrodeposit: (g, amounts) => http('PUT', `${API}/micro_deposits/${enc(g)}/verify`, { micro_deposit: amounts }),
  verifyRoutingNumber: (rn, identity) =>
    http('GET', `${API}/routing_numbers/${enc(rn)}?${qs({ include_identity: identity })}`),
  createSupportTicket: (t) => http('POST', `${users()}/support_tickets`, { support_ticket: t }).catch(() => {}),
  updateUserProfile: (p) =>
    http('PUT', `${users()}/user_profile`, {
      user_profile: { too_small_modal_dismissed_at: p.too_small_modal_dismissed_at },
    }),
}
