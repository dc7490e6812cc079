'use client'

import { Fragment } from 'react'
import { useI18n } from '@/lib/i18n'
import { memberName, timeMemberName } from '@/components/drill/names'
import { GEO_LEVELS, PRODUCT_LEVELS, stepBack, type Hierarchy, type TimeStep, type ViewState } from '@/components/drill/state'

interface Crumb {
  level: string
  label: string
}

function Trail({
  hierarchy,
  root,
  crumbs,
  onStep,
}: {
  hierarchy: Hierarchy
  root: string
  crumbs: Crumb[]
  onStep: (h: Hierarchy, level: string | null) => void
}) {
  const all: (Crumb & { target: string | null; testId: string })[] = [
    { level: hierarchy, label: root, target: null, testId: `breadcrumb-${hierarchy}` },
    ...crumbs.map((c) => ({ ...c, target: c.level, testId: `breadcrumb-${c.level}` })),
  ]
  return (
    <ol className="breadcrumb" data-hierarchy={hierarchy}>
      {all.map((c, i) => {
        const last = i === all.length - 1
        return (
          <Fragment key={c.testId}>
            {i > 0 && (
              <li className="breadcrumb-sep" aria-hidden="true">
                ›
              </li>
            )}
            <li>
              {last ? (
                <span className="breadcrumb-current" aria-current="location" data-testid={c.testId}>
                  {c.label}
                </span>
              ) : (
                <button type="button" className="breadcrumb-link" data-testid={c.testId} onClick={() => onStep(hierarchy, c.target)}>
                  {c.label}
                </button>
              )}
            </li>
          </Fragment>
        )
      })}
    </ol>
  )
}

/** The drill path of each hierarchy; a click on a crumb steps back to it. */
export function Breadcrumbs({
  state,
  navigate,
  timeSteps,
  timeRootLabel,
  showTime = true,
}: {
  state: ViewState
  navigate: (next: ViewState) => void
  timeSteps: readonly TimeStep[]
  timeRootLabel: string
  showTime?: boolean
}) {
  const { t, locale } = useI18n()
  const onStep = (h: Hierarchy, level: string | null) => navigate(stepBack(state, h, level))
  const crumbsOf = (levels: readonly string[]) =>
    levels.flatMap((level) => {
      const member = state.filters[level as keyof ViewState['filters']]
      return member === undefined ? [] : [{ level, label: `${t(`levels.${level}` as 'levels.channel')}：${memberName(level, member, locale)}` }]
    })
  return (
    <nav className="card breadcrumbs" aria-label={t('drill.path')} data-testid="breadcrumbs">
      <Trail hierarchy="geo" root={t('drill.geoRoot')} crumbs={crumbsOf(GEO_LEVELS)} onStep={onStep} />
      <Trail hierarchy="product" root={t('drill.productRoot')} crumbs={crumbsOf(PRODUCT_LEVELS)} onStep={onStep} />
      {showTime && (
        <Trail
          hierarchy="time"
          root={timeRootLabel}
          crumbs={timeSteps.map((s) => ({ level: s.level, label: timeMemberName(s.level, s.member, locale) }))}
          onStep={onStep}
        />
      )}
    </nav>
  )
}
