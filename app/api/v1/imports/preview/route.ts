import { importPreviewSchema } from '@/lib/import/api'
import { previewUpload } from '@/lib/import/jobs'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** The first rows of an upload as a mapping reads them. */
export const POST = route({ permission: 'imports:write', body: importPreviewSchema }, async ({ body }) => previewUpload(body.upload_id, body.mapping, body.rows))
