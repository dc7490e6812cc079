import { route } from '@/lib/http/route'
import { openApiDocument } from '@/lib/http/openapi'

export const dynamic = 'force-dynamic'

/** The OpenAPI 3.1 document of every API operation. */
export const GET = route({ permission: 'api:docs' }, async () => openApiDocument())
