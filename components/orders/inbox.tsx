'use client'

import Link from 'next/link'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useI18n } from '@/lib/i18n'
import { formatDateTime } from '@/lib/i18n/format'
import { ErrorState, Skeleton } from '@/components/dashboard/states'
import { fetchNotifications, postJson, type NotificationRow } from './api'

/** Notices for the signed-in user's store (all locations for ops): pick paid orders, transfers, replenishment. */
export function Inbox({ timeZone }: { timeZone: string }) {
  const { t, locale } = useI18n()
  const queryClient = useQueryClient()
  const query = useQuery({ queryKey: ['notifications'], queryFn: ({ signal }) => fetchNotifications({ signal }), refetchInterval: 10_000 })
  const markRead = async (n: NotificationRow) => {
    await postJson(`/api/v1/notifications/${n.notification_id}/read`)
    void queryClient.invalidateQueries({ queryKey: ['notifications'] })
  }
  const link = (n: NotificationRow) => (n.kind === 'pick' ? `/orders/${encodeURIComponent(n.reference)}` : '/stock')
  return (
    <section className="card panel" data-testid="inbox" aria-labelledby="inbox-title">
      <div className="card-header">
        <h2 id="inbox-title">{t('orderCentre.inbox')}</h2>
        {query.data && <span className="badge" data-testid="inbox-unread">{t('orderCentre.unread', { count: query.data.unread })}</span>}
      </div>
      {query.error && !query.data ? (
        <ErrorState error={query.error} compact onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <Skeleton height={40} />
      ) : query.data.notifications.length === 0 ? (
        <p className="muted">{t('orderCentre.inboxEmpty')}</p>
      ) : (
        <ul className="inbox-list">
          {query.data.notifications.map((n) => (
            <li key={n.notification_id} data-testid={`notification-${n.kind}`} data-reference={n.reference} className={n.read_at ? 'muted' : undefined}>
              <strong>{t(`orderCentre.kinds.${n.kind}`)}</strong> · {n.location_id} ·{' '}
              <Link href={link(n)}>{typeof n.detail.external_id === 'string' ? n.detail.external_id : n.reference}</Link>{' '}
              <span className="muted">{formatDateTime(n.created_at, timeZone, locale)}</span>{' '}
              {!n.read_at && (
                <button type="button" className="button button-ghost" onClick={() => void markRead(n)}>
                  {t('orderCentre.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
