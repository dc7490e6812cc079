'use client'

import { useI18n } from '@/lib/i18n'
import type { MessageKey } from '@/lib/i18n'
import { ApiError } from '@/components/dashboard/api'

export function Skeleton({ height, width = '100%', className }: { height: number; width?: number | string; className?: string }) {
  return <span className={`skeleton${className ? ` ${className}` : ''}`} style={{ height, width }} aria-hidden="true" />
}

/** Nothing matches the current filters: say how to get data back. */
export function FilteredEmptyState() {
  const { t } = useI18n()
  return (
    <div className="card state state-empty" role="status" data-testid="filtered-empty">
      <p className="state-title">{t('states.emptyFilteredTitle')}</p>
      <p className="state-body">{t('states.emptyFilteredBody')}</p>
    </div>
  )
}

export function EmptyState() {
  const { t } = useI18n()
  return (
    <div className="card state state-empty" role="status" data-testid="dashboard-empty">
      <p className="state-title">{t('states.emptyTitle')}</p>
      <p className="state-body">{t('states.emptyBody')}</p>
    </div>
  )
}

export function errorMessageKey(error: unknown): MessageKey {
  if (error instanceof ApiError) {
    switch (error.kind) {
      case 'unauthorized':
        return 'states.errorUnauthorized'
      case 'invalid_response':
        return 'states.errorInvalidResponse'
      case 'network':
        return 'states.errorNetwork'
      case 'not_found':
        return 'states.errorNotFound'
      default:
        return 'states.errorServer'
    }
  }
  return 'states.errorServer'
}

export function signInHref(): string {
  const here = typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`
  return `/signin?callbackUrl=${encodeURIComponent(here)}`
}

export function ErrorState({
  error,
  onRetry,
  compact = false,
  path,
}: {
  error: unknown
  onRetry?: () => void
  compact?: boolean
  /** The API path, named when the server does not offer it yet (404). */
  path?: string
}) {
  const { t } = useI18n()
  if (error instanceof ApiError && error.kind === 'not_found') {
    return (
      <div className={`state state-unavailable${compact ? '' : ' card'}`} role="status" data-testid="not-available">
        <p className="state-title">{t('states.notAvailableTitle')}</p>
        <p className="state-body">{t('states.notAvailableBody', { path: path ?? '' })}</p>
      </div>
    )
  }
  const unauthorized = error instanceof ApiError && error.kind === 'unauthorized'
  const detail = error instanceof Error ? error.message : String(error)
  return (
    <div className={`state state-error${compact ? '' : ' card'}`} role="alert" data-testid="dashboard-error">
      <p className="state-title">{t('states.errorTitle')}</p>
      <p className="state-body">{t(errorMessageKey(error), { message: detail })}</p>
      <div className="state-actions">
        {unauthorized ? (
          <a className="button button-primary" href={signInHref()}>
            {t('states.signInAgain')}
          </a>
        ) : (
          onRetry && (
            <button type="button" className="button" onClick={onRetry}>
              {t('states.retry')}
            </button>
          )
        )}
      </div>
    </div>
  )
}
