'use client'

import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'
import { useSession } from 'next-auth/react'
import { useI18n } from '@/lib/i18n'
import { can, ROLES, type Role } from '@/lib/auth/permissions'
import { parseViewState, viewQueryString } from '@/components/drill/state'

const ITEMS = [
  { href: '/', key: 'nav.overview', testId: 'nav-overview' },
  { href: '/inventory', key: 'nav.inventory', testId: 'nav-inventory' },
  { href: '/oversell', key: 'nav.oversell', testId: 'nav-oversell' },
  { href: '/anomalies', key: 'nav.anomalies', testId: 'nav-anomalies' },
  { href: '/roi', key: 'nav.roi', testId: 'nav-roi' },
  // Operations pages keep their own filters, not the analytics range.
  { href: '/orders', key: 'nav.orders', testId: 'nav-orders', plain: true, permission: 'orders:read' },
  { href: '/stock', key: 'nav.stock', testId: 'nav-stock', plain: true, permission: 'stock:write' },
  { href: '/settings', key: 'nav.settings', testId: 'nav-settings', plain: true, permission: 'settings:read' },
] as const

/** 总览 · 库存 · 超卖 · 异常 · ROI — the links keep the current range and filters. */
export function TopNav() {
  const { t } = useI18n()
  const pathname = usePathname()
  const params = useSearchParams()
  const { data: session } = useSession()
  const role = session?.user?.role
  // Operations pages only for roles that may use them (the APIs check again).
  const visible = (item: (typeof ITEMS)[number]) =>
    !('permission' in item) || ((ROLES as readonly string[]).includes(role ?? '') && can(role as Role, item.permission))
  if (pathname.startsWith('/signin')) return null
  const query = viewQueryString(parseViewState(params))
  return (
    <nav className="top-nav" aria-label={t('nav.main')}>
      {ITEMS.filter(visible).map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href)
        return (
          <Link
            key={item.href}
            href={'plain' in item ? item.href : `${item.href}${query}`}
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
