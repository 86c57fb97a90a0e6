import { defineConfig } from 'vite'

// The page is served by `polyfin serve` at the widget URL; its assets under /connect/.
export default defineConfig({
  base: '/connect/',
  esbuild: { jsx: 'automatic' },
  build: { chunkSizeWarningLimit: 4000, sourcemap: false },
})
