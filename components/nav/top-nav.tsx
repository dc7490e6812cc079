'use client'

import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'
import { useSession } from 'next-auth/react'
import { useI18n, type MessageKey } from '@/lib/i18n'
import { can, ROLES, type Permission, type Role } from '@/lib/auth/permissions'
import { parseViewState, viewQueryString } from '@/components/drill/state'

type NavItem = {
  href: string
  key: MessageKey
  testId: string
  /** Shown to the roles with this permission (the page and its APIs check again). */
  permission: Permission
  /** Operations pages keep their own filters, not the analytics range. */
  plain?: true
}

const ITEMS: readonly NavItem[] = [
  { href: '/', key: 'nav.overview', testId: 'nav-overview', permission: 'analytics:read' },
  { href: '/inventory', key: 'nav.inventory', testId: 'nav-inventory', permission: 'analytics:read' },
  { href: '/oversell', key: 'nav.oversell', testId: 'nav-oversell', permission: 'analytics:read' },
  { href: '/anomalies', key: 'nav.anomalies', testId: 'nav-anomalies', permission: 'analytics:read' },
  { href: '/roi', key: 'nav.roi', testId: 'nav-roi', permission: 'roi:read' },
  { href: '/customers', key: 'customers.nav.customers', testId: 'nav-customers', plain: true, permission: 'customers:read' },
  { href: '/segments', key: 'customers.nav.segments', testId: 'nav-segments', plain: true, permission: 'segments:read' },
  { href: '/campaigns', key: 'customers.nav.campaigns', testId: 'nav-campaigns', plain: true, permission: 'campaigns:read' },
  { href: '/orders', key: 'nav.orders', testId: 'nav-orders', plain: true, permission: 'orders:read' },
  { href: '/stock', key: 'nav.stock', testId: 'nav-stock', plain: true, permission: 'stock:write' },
  { href: '/portal', key: 'commerce.navPortal', testId: 'nav-portal', plain: true, permission: 'distributor:portal' },
  { href: '/finance', key: 'commerce.navFinance', testId: 'nav-finance', plain: true, permission: 'distributors:read' },
  { href: '/pricing', key: 'commerce.navPricing', testId: 'nav-pricing', plain: true, permission: 'pricing:read' },
  { href: '/settings', key: 'nav.settings', testId: 'nav-settings', plain: true, permission: 'settings:read' },
]

/** The pages the signed-in role may use; analytics links keep the current range and filters. */
export function TopNav() {
  const { t } = useI18n()
  const pathname = usePathname()
  const params = useSearchParams()
  const role = useSession().data?.user?.role
  if (pathname.startsWith('/signin')) return null
  const query = viewQueryString(parseViewState(params))
  const visible = (item: NavItem) => (ROLES as readonly string[]).includes(role ?? '') && can(role as Role, item.permission)
  return (
    <nav className="top-nav" aria-label={t('nav.main')}>
      {ITEMS.filter(visible).map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href)
        return (
          <Link
            key={item.href}
            href={item.plain ? item.href : `${item.href}${query}`}
            className={active ? 'active' : undefined}
            aria-current={active ? 'page' : undefined}
            data-testid={item.testId}
          >
            {t(item.key)}
          </Link>
        )
      })}
    </nav>
  )
}
