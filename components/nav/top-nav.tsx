'use client'

import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'
import { useSession } from 'next-auth/react'
import { useI18n, type MessageKey } from '@/lib/i18n'
import { parseViewState, viewQueryString } from '@/components/drill/state'

const ITEMS = [
  { href: '/', key: 'nav.overview', testId: 'nav-overview' },
  { href: '/inventory', key: 'nav.inventory', testId: 'nav-inventory' },
  { href: '/oversell', key: 'nav.oversell', testId: 'nav-oversell' },
  { href: '/anomalies', key: 'nav.anomalies', testId: 'nav-anomalies' },
  { href: '/roi', key: 'nav.roi', testId: 'nav-roi' },
  { href: '/portal', key: 'commerce.navPortal', testId: 'nav-portal', roles: ['distributor'] },
  { href: '/finance', key: 'commerce.navFinance', testId: 'nav-finance', roles: ['admin', 'finance', 'ops'] },
  { href: '/pricing', key: 'commerce.navPricing', testId: 'nav-pricing', roles: ['admin', 'marketing', 'ops', 'finance'] },
] as const satisfies readonly { href: string; key: MessageKey; testId: string; roles?: readonly string[] }[]

/** Roles that work only on their own pages (portal, finance): the analytics links are not for them. */
const OWN_PAGES_ONLY = ['distributor', 'finance']

/** 总览 · 库存 · 超卖 · 异常 · ROI — the links keep the current range and filters. */
export function TopNav() {
  const { t } = useI18n()
  const pathname = usePathname()
  const params = useSearchParams()
  const role = useSession().data?.user?.role
  if (pathname.startsWith('/signin')) return null
  const query = viewQueryString(parseViewState(params))
  return (
    <nav className="top-nav" aria-label={t('nav.main')}>
      {ITEMS.filter((item) => ('roles' in item ? role !== undefined && (item.roles as readonly string[]).includes(role) : !OWN_PAGES_ONLY.includes(role ?? ''))).map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href)
        return (
          <Link
            key={item.href}
            href={`${item.href}${query}`}
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
