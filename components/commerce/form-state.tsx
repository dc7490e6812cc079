'use client'

import { useState } from 'react'
import { FormError } from './api'

/** A form's submission: busy flag, the general error, errors per field, and a success note. */
export function useFormState() {
  const [state, setState] = useState<{ busy: boolean; error: string | null; fields: Record<string, string>; done: string | null }>({ busy: false, error: null, fields: {}, done: null })
  const run = async <T,>(action: () => Promise<T>, done?: (result: T) => string | null): Promise<T | undefined> => {
    setState({ busy: true, error: null, fields: {}, done: null })
    try {
      const result = await action()
      setState({ busy: false, error: null, fields: {}, done: done ? done(result) : null })
      return result
    } catch (e) {
      const fields = e instanceof FormError ? e.fields : {}
      setState({ busy: false, error: e instanceof Error ? e.message : String(e), fields, done: null })
      return undefined
    }
  }
  /** The message for a field (the exact path, or with a prefix such as the form's body key). */
  const fieldError = (field: string) => state.fields[field]
  return { ...state, run, fieldError }
}

export function FieldError({ message, testId }: { message: string | undefined; testId?: string }) {
  if (!message) return null
  return (
    <span className="field-error" role="alert" data-testid={testId}>
      {message}
    </span>
  )
}
