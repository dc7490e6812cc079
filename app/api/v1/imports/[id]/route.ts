import { importJob } from '@/lib/import/jobs'
import { route } from '@/lib/http/route'

export const dynamic = 'force-dynamic'

/** An import job's state and progress. */
export const GET = route({ permission: 'imports:write' }, async ({ params }) => importJob(params.id ?? ''))
