import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { PERMISSIONS, routeAllowed, type Permission } from '@/accounts/permissions'
import { useViewer } from '@/accounts/useViewer'
import { i18n } from '@/i18n'
import LoginView from '@/accounts/LoginView.vue'
import { safeRedirect } from './redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** i18n key of the document title. */
    titleKey?: string
    /** Permissions needed to use the page; without them it shows ForbiddenView instead. */
    requires?: Permission[]
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', redirect: { name: 'customers' } },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true, titleKey: 'auth.title' } },
    {
      path: '/customers',
      name: 'customers',
      component: () => import('@/customers/CustomerListView.vue'),
      meta: { titleKey: 'customers.title' },
    },
    {
      path: '/customers/new',
      name: 'customer-new',
      component: () => import('@/customers/CustomerForm.vue'),
      meta: { titleKey: 'form.createTitle', requires: [PERMISSIONS.CUSTOMERS_WRITE] },
    },
    {
      path: '/customers/:id',
      name: 'customer',
      component: () => import('@/customers/CustomerView.vue'),
      props: true,
      meta: { titleKey: 'customers.title' },
    },
    {
      path: '/customers/:id/edit',
      name: 'customer-edit',
      component: () => import('@/customers/CustomerForm.vue'),
      props: true,
      meta: { titleKey: 'customers.title', requires: [PERMISSIONS.CUSTOMERS_WRITE] },
    },
    {
      path: '/my-day',
      name: 'my-day',
      component: () => import('@/interactions/MyDayView.vue'),
      meta: { titleKey: 'myDay.title', requires: [PERMISSIONS.INTERACTIONS_READ] },
    },
    {
      path: '/settings/contact-policy',
      name: 'contact-policy',
      component: () => import('@/interactions/ContactPolicyView.vue'),
      meta: { titleKey: 'contactPolicy.title', requires: [PERMISSIONS.CONTACT_POLICY_MANAGE] },
    },
    {
      path: '/complaints',
      name: 'complaints',
      component: () => import('@/feedback/ComplaintBoardView.vue'),
      meta: { titleKey: 'complaints.title', requires: [PERMISSIONS.FEEDBACK_READ] },
    },
    {
      path: '/complaints/:id',
      name: 'complaint',
      component: () => import('@/feedback/ComplaintView.vue'),
      props: true,
      meta: { titleKey: 'complaints.title', requires: [PERMISSIONS.FEEDBACK_READ] },
    },
    {
      path: '/feedback/dashboard',
      name: 'feedback-dashboard',
      component: () => import('@/feedback/FeedbackDashboardView.vue'),
      meta: { titleKey: 'feedbackDashboard.title', requires: [PERMISSIONS.FEEDBACK_READ] },
    },
    {
      path: '/feedback',
      name: 'feedback',
      component: () => import('@/feedback/FeedbackListView.vue'),
      meta: { titleKey: 'feedback.title', requires: [PERMISSIONS.FEEDBACK_READ] },
    },
    {
      path: '/settings/service-standards',
      name: 'service-standards',
      component: () => import('@/feedback/ServiceStandardsView.vue'),
      meta: { titleKey: 'serviceStandards.title', requires: [PERMISSIONS.SERVICE_STANDARDS_MANAGE] },
    },
    {
      path: '/segments',
      name: 'segments',
      component: () => import('@/segments/SegmentListView.vue'),
      meta: { titleKey: 'segments.title', requires: [PERMISSIONS.SEGMENTS_READ] },
    },
    {
      path: '/segments/new',
      name: 'segment-new',
      component: () => import('@/segments/SegmentFormView.vue'),
      meta: { titleKey: 'segmentForm.createTitle', requires: [PERMISSIONS.SEGMENTS_READ, PERMISSIONS.SEGMENTS_WRITE] },
    },
    {
      path: '/segments/:id',
      name: 'segment',
      component: () => import('@/segments/SegmentView.vue'),
      props: true,
      meta: { titleKey: 'segments.title', requires: [PERMISSIONS.SEGMENTS_READ] },
    },
    {
      path: '/segments/:id/edit',
      name: 'segment-edit',
      component: () => import('@/segments/SegmentFormView.vue'),
      props: true,
      meta: { titleKey: 'segmentForm.editTitle', requires: [PERMISSIONS.SEGMENTS_READ, PERMISSIONS.SEGMENTS_WRITE] },
    },
    {
      path: '/loyalty',
      name: 'loyalty',
      component: () => import('@/loyalty/LoyaltyView.vue'),
      meta: { titleKey: 'loyalty.title', requires: [PERMISSIONS.LOYALTY_READ] },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('@/components/NotFoundView.vue'),
      meta: { titleKey: 'notFound.title' },
    },
  ],
  scrollBehavior(_to, _from, saved) {
    return saved ?? { top: 0 }
  },
})

router.beforeEach(async (to) => {
  const { ensureViewer } = useViewer()
  if (to.meta.public) {
    if (to.name === 'login') {
      // Already signed in (a live session cookie): go where the user wanted.
      const viewer = await ensureViewer().catch(() => null)
      if (viewer) return safeRedirect(to.query.redirect)
    }
    return true
  }
  try {
    const viewer = await ensureViewer()
    if (!viewer) return { name: 'login', query: { redirect: to.fullPath } }
  } catch {
    // The API is unreachable: let the page render and show its own error.
  }
  return true
})

/** False when the signed-in viewer lacks a permission the route requires (App shows ForbiddenView). */
export function isRouteAllowed(route: Pick<RouteLocationNormalized, 'meta'>): boolean {
  return routeAllowed(route.meta.requires, useViewer().viewer.value)
}

export function setDocumentTitle(route: RouteLocationNormalized): void {
  const { t } = i18n.global
  const app = t('app.name')
  const titleKey = isRouteAllowed(route) ? route.meta.titleKey : 'forbidden.title'
  document.title = titleKey ? `${t(titleKey)} · ${app}` : app
}

router.afterEach((to) => setDocumentTitle(to))
