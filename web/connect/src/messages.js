// Widget events go to the embedding page in MX's format (mx-platform-api.md §6.3),
// or, in a mobile webview, become URL navigations (§6.2).

// The page that embeds (or opened) this one: posting to its exact origin, never '*',
// since the payloads carry member guids.
function parentOrigin() {
  const ancestors = window.location.ancestorOrigins
  if (ancestors && ancestors.length > 0) return ancestors[0]
  try {
    return document.referrer ? new URL(document.referrer).origin : null
  } catch {
    return null
  }
}

export function forwarder(session) {
  const config = session.client_config || {}
  const origin = parentOrigin()
  return function onPostMessage(event, data = {}) {
    const metadata = { ...data, user_guid: session.user_guid, session_guid: session.session_guid }
    const message = { mx: true, type: `mx/${event}`, metadata }
    if (config.is_mobile_webview) {
      const scheme = config.ui_message_webview_url_scheme || 'mx'
      window.location.href = `${scheme}://${event}?metadata=${encodeURIComponent(JSON.stringify(metadata))}`
      return
    }
    if (!origin) return
    if (window.parent !== window) window.parent.postMessage(message, origin)
    else if (window.opener) window.opener.postMessage(message, origin)
  }
}
