import { z } from 'zod'
import { importMappingSchema } from './mapping'

/** Bodies of the import API (app/api/v1/imports), shared with the OpenAPI document. */
export const importPreviewSchema = z.object({
  upload_id: z.string().uuid(),
  mapping: importMappingSchema,
  rows: z.number().int().min(1).max(200).default(20),
})

export const startImportSchema = z.object({
  upload_id: z.string().uuid(),
  mapping: importMappingSchema,
})
