// Runs the embedded pipeline journey against a PostgreSQL server instead of PGlite.
export {}
process.env.PIPELINE_DB = 'postgres'
await import('./pipeline.test')
