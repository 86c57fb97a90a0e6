import { createRoot } from 'react-dom/client'
import { ApiProvider, ConnectWidget } from '@mxenabled/connect-widget'
import '@mxenabled/connect-widget/dist/style.css'
import { apiService, setSession } from './api'
import { forwarder } from './messages'
import ErrorBoundary from './ErrorBoundary'
import { keepImagesLocal } from './offline'

keepImagesLocal()

const STORAGE_KEY = 'polyfin-connect-session'

// The server consumed the URL's one-time token and put the session into the page;
// a reload of /connect finds it again in sessionStorage.
function loadSession() {
  const element = document.getElementById('polyfin-session')
  let injected = null
  try {
    injected = element ? JSON.parse(element.textContent) : null
  } catch {
    injected = null
  }
  if (injected) {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(injected))
    } catch {
      // Storage may be blocked in a third-party frame; the session still works until reload.
    }
    history.replaceState(null, '', '/connect')
    return injected
  }
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY))
  } catch {
    return null
  }
}

function showExpired(root) {
  root.render(
    <div role="alert" style={{ padding: 24, maxWidth: 420, margin: '40px auto' }}>
      <h2 style={{ fontWeight: 600 }}>This link has expired</h2>
      <p>Close this window and start connecting again.</p>
    </div>,
  )
}

const root = createRoot(document.getElementById('root'))
const session = loadSession()
if (!session || Date.parse(session.expires_at) < Date.now()) {
  showExpired(root)
} else {
  document.documentElement.lang = session.language.locale
  setSession({ token: session.session_token, user_guid: session.user_guid })
  root.render(
    <ErrorBoundary>
      <ApiProvider apiValue={apiService}>
        <ConnectWidget
          clientConfig={{ ...session.client_config, ui_message_version: 4 }}
          profiles={session.profiles}
          userFeatures={session.user_features}
          language={session.language}
          onPostMessage={forwarder(session)}
        />
      </ApiProvider>
    </ErrorBoundary>,
  )
}
