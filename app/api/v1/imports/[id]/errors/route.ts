import { importErrorsFile } from '@/lib/import/jobs'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The rows an import rejected, as CSV: row, column, value, reason, order_id. */
export const GET = route({ permission: 'imports:write' }, async ({ params }) => {
  const id = params.id ?? ''
  const { stream, bytes } = importErrorsFile(id)
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': String(bytes),
      'content-disposition': `attachment; filename="import-${id.slice(0, 8)}-errors.csv"`,
    },
  })
})
