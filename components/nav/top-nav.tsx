'use client'

import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'
import { useI18n } from '@/lib/i18n'
import { parseViewState, viewQueryString } from '@/components/drill/state'

const ITEMS = [
  { href: '/', key: 'nav.overview', testId: 'nav-overview' },
  { href: '/inventory', key: 'nav.inventory', testId: 'nav-inventory' },
  { href: '/oversell', key: 'nav.oversell', testId: 'nav-oversell' },
  { href: '/anomalies', key: 'nav.anomalies', testId: 'nav-anomalies' },
  { href: '/roi', key: 'nav.roi', testId: 'nav-roi' },
  { href: '/customers', key: 'customers.nav.customers', testId: 'nav-customers' },
  { href: '/segments', key: 'customers.nav.segments', testId: 'nav-segments' },
  { href: '/campaigns', key: 'customers.nav.campaigns', testId: 'nav-campaigns' },
] as const

/** 总览 · 库存 · 超卖 · 异常 · ROI — the links keep the current range and filters. */
export function TopNav() {
  const { t } = useI18n()
  const pathname = usePathname()
  const params = useSearchParams()
  if (pathname.startsWith('/signin')) return null
  const query = viewQueryString(parseViewState(params))
  return (
    <nav className="top-nav" aria-label={t('nav.main')}>
      {ITEMS.map((item) => {
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
