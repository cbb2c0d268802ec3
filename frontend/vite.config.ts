import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The API (Starlette + Strawberry) listens on 127.0.0.1:8000 in development; `make run`
// builds this app into backend/guanxi/static/ and the API serves it.
const api = process.env.GUANXI_API_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/healthz': { target: api },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../backend/guanxi/static', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
})
