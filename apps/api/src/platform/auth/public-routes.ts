import { SetMetadata } from '@nestjs/common';

/** Paths that need no API key (API.md): health, the OpenAPI document and UI; /metrics has its own token. */
export function isPublicPath(path: string): boolean {
  return path === '/health' || path === '/metrics' || path === '/docs' || path === '/docs-json' || path === '/docs-yaml' || path.startsWith('/docs/');
}

export const PUBLIC_KEY = 'duty-ledger:public';

/** Marks a controller or handler that needs no API key (the guard lets it through; the hook skips its path). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
