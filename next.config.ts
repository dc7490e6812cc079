import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // Native and WASM engines load from node_modules at run time, never bundled.
  serverExternalPackages: ['chdb', '@electric-sql/pglite', 'kafkajs', 'pg', 'bcryptjs'],
  poweredByHeader: false,
  typedRoutes: false,
}

export default nextConfig
