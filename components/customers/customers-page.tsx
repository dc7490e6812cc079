'use client'

import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { DataTable } from '@/components/tables/data-table'
import { fetchCustomers } from './api'
import { customerColumns, useDebounced } from './preview'
import { RuleBuilder } from './rule-builder'
import { toRules, type DraftGroup } from './rules-draft'

/** /customers: search (identifiers, id, name) and the segment filters over merged customers. */
export function CustomersPage() {
  const { t, locale } = useI18n()
  const [q, setQ] = useState('')
  const [draft, setDraft] = useState<DraftGroup>({ combinator: 'and', rules: [] })
  const params = useDebounced(JSON.stringify({ q: q.trim(), rules: JSON.stringify(toRules(draft)) }), 400)
  const list = useQuery({
    queryKey: ['customers', params],
    queryFn: ({ signal }) => {
      const p = JSON.parse(params) as { q: string; rules: string }
      return fetchCustomers({ ...(p.q ? { q: p.q } : {}), rules: p.rules, limit: '100' }, { signal })
    },
    placeholderData: (prev) => prev,
  })
  const tz = list.data?.time_zone ?? 'UTC'
  return (
    <div className="dashboard" data-testid="customers-page">
      <header className="page-header">
        <div>
          <h1>{t('customers.title')}</h1>
          <p className="muted">{t('customers.subtitle')}</p>
        </div>
      </header>
      <input className="field" type="search" data-testid="customer-search" placeholder={t('customers.search')} aria-label={t('customers.search')} value={q} onChange={(e) => setQ(e.target.value)} />
      <details>
        <summary className="button">{t('customers.filters')}</summary>
        <RuleBuilder value={draft} onChange={setDraft} />
      </details>
      {list.data?.count && (
        <p data-testid="customers-count">{t('customers.matching', { n: list.data.count.customers, all: list.data.count.all_customers })}</p>
      )}
      <p className="muted">{list.data ? (list.data.built_at ? t('customers.builtAt', { at: formatDateTime(list.data.built_at, tz, locale) }) : t('customers.never')) : null}</p>
      <DataTable
        title={t('customers.title')}
        columns={customerColumns(t, locale, tz)}
        rows={list.data?.customers}
        rowKey={(r) => r.customer_id}
        error={list.error}
        errorPath="/api/v1/customers"
        onRetry={() => void list.refetch()}
        updating={list.isFetching}
        empty={t('customers.empty')}
        csvFileName="customers.csv"
        testId="customers-table"
      />
    </div>
  )
}
