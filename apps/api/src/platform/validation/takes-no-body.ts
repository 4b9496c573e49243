import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/** Where the mark travels in Fastify's route config, for the hook that refuses a bodiless command (json-body.ts). */
export interface TakesNoBodyRouteConfig {
  takesNoBody?: boolean;
}

/**
 * A POST that takes no body (an admin action: `curl -X POST …/rebuild`): posted without one, it is not refused with
 * the 415 a bodiless command gets. Merged into the handler's Fastify route config, beside its roles (auth/roles.ts).
 */
export function TakesNoBody(): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, takesNoBody: true } satisfies TakesNoBodyRouteConfig, handler);
  };
}
