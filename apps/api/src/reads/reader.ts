import type { FastifyRequest } from 'fastify';
import type { Reader } from '@duty-ledger/application/closed-loop/finding.queries';
import { ROLES_READING_CONFIDENTIAL } from '@duty-ledger/domain/shared/confidentiality';
import { principalOf } from '../platform/auth/principal';

/** The discipline and admin roles read confidential fields in plain; every other role gets their commitments. */
export function readerOf(request: FastifyRequest): Reader {
  return { canReadConfidential: ROLES_READING_CONFIDENTIAL.includes(principalOf(request).role) };
}

/** `Accept-Language`: Chinese when the most preferred language is any `zh`, English otherwise (API.md). */
export function languageOf(request: FastifyRequest): 'zh' | 'en' {
  const header = String(request.headers['accept-language'] ?? '');
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      // The weight's name is case-insensitive (RFC 9110 §12.4.2 in ABNF, whose strings are): `Q=0.5` weighs as `q=0.5`.
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag === 'zh' || ranked[0]?.tag.startsWith('zh-') ? 'zh' : 'en';
}
