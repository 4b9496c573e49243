import type { FastifyRequest } from 'fastify';
import { languageOf } from './reader';

const asking = (acceptLanguage: string) => ({ headers: { 'accept-language': acceptLanguage } }) as unknown as FastifyRequest;

describe('languageOf (Accept-Language)', () => {
  it('when Chinese is weighted above English, then Chinese', () => {
    expect(['zh-CN;q=0.9, en;q=0.1', 'en;q=0.1, zh-CN;q=0.9', 'en;q=0.1, zh-TW'].map((h) => languageOf(asking(h)))).toEqual(['zh', 'zh', 'zh']);
  });

  it('when a weight is written "Q=" (the parameter name is case-insensitive, RFC 9110 / RFC 5234), then it weighs all the same', () => {
    expect(['en;Q=0.1, zh-CN;q=0.9', 'en;Q=0.1, zh-CN', 'zh-CN;Q=0, en'].map((h) => languageOf(asking(h)))).toEqual(['zh', 'zh', 'en']);
  });
});
