import { createApp, watch } from 'vue'
import App from './App.vue'
import { onUnauthenticated, setLanguage } from './api/client'
import { useViewer } from './accounts/useViewer'
import { i18n } from './i18n'
import { router, setDocumentTitle } from './router'
import './styles/main.css'

setLanguage(() => i18n.global.locale.value)

// A session that ends while the app is open: back to sign-in, then back here.
onUnauthenticated(() => {
  useViewer().clearViewer()
  const current = router.currentRoute.value
  if (current.name === 'login') return
  void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
})

watch(i18n.global.locale, () => setDocumentTitle(router.currentRoute.value))

const app = createApp(App)
app.use(i18n)
app.use(router)
void router.isReady().then(() => app.mount('#app'))
