'use client'

import { useI18n } from '@/lib/i18n'
import type { MessageKey } from '@/lib/i18n/core'
import { FIELD_NAMES, SEGMENT_FIELDS, type Op, type SegmentField } from '@/lib/customers/segments/rules'
import { isDraftGroup, newCondition, opsFor, toCondition, updateAt, type DraftCondition, type DraftGroup } from './rules-draft'

const id = (path: readonly number[]) => (path.length ? path.join('-') : 'root')

/** Edits a segment's rule tree: AND/OR groups of conditions, nested up to the API's limit. */
export function RuleBuilder({ value, onChange, readOnly = false }: { value: DraftGroup; onChange: (next: DraftGroup) => void; readOnly?: boolean }) {
  return <Group group={value} path={[]} root={value} onChange={onChange} readOnly={readOnly} depth={1} />
}

function Group({ group, path, root, onChange, readOnly, depth }: { group: DraftGroup; path: number[]; root: DraftGroup; onChange: (g: DraftGroup) => void; readOnly: boolean; depth: number }) {
  const { t } = useI18n()
  const set = (f: (g: DraftGroup) => DraftGroup) => onChange(updateAt(root, path, (n) => f(n as DraftGroup)))
  return (
    <fieldset className="rule-group card" data-testid={`rule-group-${id(path)}`} disabled={readOnly}>
      <div className="toolbar">
        <select data-testid={`rule-combinator-${id(path)}`} value={group.combinator} onChange={(e) => set((g) => ({ ...g, combinator: e.target.value as 'and' | 'or' }))}>
          <option value="and">{t('segments.and')}</option>
          <option value="or">{t('segments.or')}</option>
        </select>
        {path.length > 0 && (
          <button type="button" className="button button-ghost" data-testid={`rule-remove-${id(path)}`} onClick={() => onChange(updateAt(root, path, () => null))}>
            {t('segments.remove')}
          </button>
        )}
      </div>
      {group.rules.map((node, i) =>
        isDraftGroup(node) ? (
          <Group key={i} group={node} path={[...path, i]} root={root} onChange={onChange} readOnly={readOnly} depth={depth + 1} />
        ) : (
          <ConditionRow key={i} c={node} path={[...path, i]} onChange={(next) => onChange(updateAt(root, [...path, i], () => next))} />
        ),
      )}
      {!readOnly && (
        <div className="toolbar">
          <button type="button" className="button" data-testid={`rule-add-condition-${id(path)}`} onClick={() => set((g) => ({ ...g, rules: [...g.rules, newCondition()] }))}>
            + {t('segments.addCondition')}
          </button>
          {depth < 4 && (
            <button type="button" className="button" data-testid={`rule-add-group-${id(path)}`} onClick={() => set((g) => ({ ...g, rules: [...g.rules, { combinator: 'or', rules: [newCondition()] }] }))}>
              + {t('segments.addGroup')}
            </button>
          )}
        </div>
      )}
    </fieldset>
  )
}

function ConditionRow({ c, path, onChange }: { c: DraftCondition; path: number[]; onChange: (next: DraftCondition | null) => void }) {
  const { t } = useI18n()
  const kind = SEGMENT_FIELDS[c.field].kind
  const inputType = kind === 'date' ? 'date' : kind === 'number' || kind === 'money' ? 'number' : 'text'
  const complete = toCondition(c) !== null
  return (
    <div className="rule-condition toolbar" data-testid={`rule-condition-${id(path)}`}>
      <select
        data-testid={`rule-field-${id(path)}`}
        value={c.field}
        onChange={(e) => {
          const field = e.target.value as SegmentField
          onChange(SEGMENT_FIELDS[field].kind === kind ? { ...c, field } : newCondition(field))
        }}
      >
        {FIELD_NAMES.map((f) => (
          <option key={f} value={f}>
            {t(`segments.field.${f}` as MessageKey)}
          </option>
        ))}
      </select>
      <select data-testid={`rule-op-${id(path)}`} value={c.op} onChange={(e) => onChange({ ...c, op: e.target.value as Op })}>
        {opsFor(c.field).map((op) => (
          <option key={op} value={op}>
            {t(`segments.op.${op}` as MessageKey)}
          </option>
        ))}
      </select>
      <input
        data-testid={`rule-value-${id(path)}`}
        type={inputType}
        value={c.text}
        placeholder={inputType === 'text' ? t('segments.valueHint') : undefined}
        aria-label={t(`segments.field.${c.field}` as MessageKey)}
        onChange={(e) => onChange({ ...c, text: e.target.value })}
      />
      {c.op === 'between' && (
        <input data-testid={`rule-value2-${id(path)}`} type={inputType} value={c.text2} aria-label={t(`segments.field.${c.field}` as MessageKey)} onChange={(e) => onChange({ ...c, text2: e.target.value })} />
      )}
      {!complete && <span className="badge badge-warning">{t('segments.incomplete')}</span>}
      <button type="button" className="button button-ghost" data-testid={`rule-remove-${id(path)}`} onClick={() => onChange(null)}>
        {t('segments.remove')}
      </button>
    </div>
  )
}
