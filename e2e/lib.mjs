// Helpers for the Connect browser tests: a Polyfin server on a random port, the MX API,
// a parent page that iframes the widget URL and records its postMessages, Chromium.

import { spawn, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts')
const BIN = process.env.POLYFIN_BIN || path.join(ROOT, 'target', 'debug', 'polyfin')
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium'

// Where the server keeps its data: a fresh SQLite directory, or, when
// POLYFIN_TEST_DATABASE_URL names a PostgreSQL server (scripts/with-postgres.sh), a
// fresh database on it, as the conformance harness does.
function storage(dataDir) {
  const base = process.env.POLYFIN_TEST_DATABASE_URL
  if (!base) return { args: ['--data-dir', dataDir], env: {} }
  const name = `e2e_${process.pid}_${randomBytes(4).toString('hex')}`
  execFileSync('psql', [base, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE "${name}"`])
  const url = base.split('?')[0].replace(/\/[^/]*$/, '/' + name)
  // Instances on PostgreSQL share one sealing key instead of a key file.
  return { args: ['--database-url', url], env: { POLYFIN_SECRET_KEY: randomBytes(32).toString('hex') } }
}

export async function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'polyfin-e2e-'))
  const store = storage(path.join(dir, 'data'))
  const env = { ...process.env, ...store.env, POLYFIN_LOG: process.env.POLYFIN_LOG || 'warn' }
  const proc = spawn(BIN, ['serve', '--addr', '127.0.0.1:0', ...store.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  let stderr = ''
  proc.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-20000)
  })
  const baseUrl = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`polyfin did not start:\n${stderr}`)), 60000)
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/^polyfin listening on (http:\/\/127\.0\.0\.1:\d+)$/m)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    proc.on('exit', (code) => reject(new Error(`polyfin exited with ${code}:\n${stderr}`)))
  })
  const created = execFileSync(BIN, ['clients', 'create', '--name', 'e2e', '--json', ...store.args], { env })
  const { client_id, api_key } = JSON.parse(created.toString())
  const auth = 'Basic ' + Buffer.from(`${client_id}:${api_key}`).toString('base64')
  return {
    baseUrl,
    logs: () => stderr,
    async mx(method, url, body, headers = {}) {
      const res = await fetch(baseUrl + url, {
        method,
        headers: {
          Authorization: auth,
          Accept: 'application/vnd.mx.api.v1+json',
          'Content-Type': 'application/json',
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// The embedding page: another origin (its own port), an iframe on the widget URL,
// and every message from the frame kept in window.__messages.
export async function startParent() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x').searchParams.get('url') || ''
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Parent</title></head>
<body style="margin:0"><script>
window.__messages = []
window.addEventListener('message', (e) => { if (e.data && e.data.mx) window.__messages.push(e.data) })
</script><iframe id="connect" title="Connect" src="${url.replace(/"/g, '&quot;')}"
 style="width:420px;height:680px;border:0"></iframe></body></html>`)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: (widgetUrl) => `http://127.0.0.1:${server.address().port}/?url=${encodeURIComponent(widgetUrl)}`,
    close: () => new Promise((r) => server.close(r)),
  }
}

export async function launchBrowser() {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'polyfin-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 480, height: 720 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export function artifactsDir() {
  mkdirSync(ARTIFACTS, { recursive: true })
  return ARTIFACTS
}
