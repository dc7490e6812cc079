/** A refusal the caller can act on: a stable code, an HTTP status and, where one is to blame, the field. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message)
  }
}

export const notFound = (what: string, id: string, field?: string) =>
  new DomainError('not_found', `${what} ${id} does not exist`, 404, field)

export const outOfStock = (detail: string) => new DomainError('out_of_stock', detail, 409)
