// Measures the Connect page's first render: from navigating to a fresh widget URL to
// the widget's search step (`mx/connect/loaded`), in Chromium, N times (default 10).
// Prints one JSON object; for the benchmark suite, never a test assertion.
//   POLYFIN_BIN=target/release/polyfin node e2e/first-render.mjs [runs]

import { launchBrowser, startParent, startServer } from './lib.mjs'

const runs = Number(process.argv[2] || 10)
const server = await startServer()
const parent = await startParent()
const browser = await launchBrowser()
const user = (await server.mx('POST', '/users', { user: {} })).body.user.guid
const samples = []
for (let i = 0; i < runs; i++) {
  const url = (
    await server.mx('POST', `/users/${user}/widget_urls`, { widget_url: { widget_type: 'connect_widget' } })
  ).body.widget_url.url
  const page = await browser.context.newPage()
  const started = performance.now()
  await page.goto(parent.url(url))
  await page.waitForFunction(
    () => window.__messages.some((m) => m.type === 'mx/connect/loaded'),
    null,
    { polling: 10, timeout: 30000 },
  )
  await page.frameLocator('#connect').getByPlaceholder('Search').waitFor()
  samples.push(performance.now() - started)
  await page.close()
}
await browser.close()
await parent.close()
await server.stop()
samples.sort((a, b) => a - b)
const pick = (q) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))])
console.log(JSON.stringify({ metric: 'connect_first_render_ms', runs, min: pick(0), p50: pick(0.5), p90: pick(0.9), max: pick(1) }))
