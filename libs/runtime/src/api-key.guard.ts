import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { ApiError } from './api-error';
import { API_KEYS, ApiKeys, KeyScope, presentedKey } from './api-keys';

const SCOPE_METADATA = 'lead-scoring:key-scope';

/** Marks a controller or route as needing a key of this scope. Routes without it are public (health, metrics). */
export const RequiresKey = (scope: KeyScope) => SetMetadata(SCOPE_METADATA, scope);

/** The key scope a route needs (@RequiresKey on the handler or its controller), undefined for a public route. */
export function requiredKeyScope(reflector: Reflector, context: ExecutionContext): KeyScope | undefined {
  return reflector.getAllAndOverride<KeyScope | undefined>(SCOPE_METADATA, [context.getHandler(), context.getClass()]);
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) private readonly keys: ApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const scope = requiredKeyScope(this.reflector, context);
    if (!scope) return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (this.keys.accepts(scope, presentedKey(request.headers))) return true;
    throw new ApiError(401, 'unauthorized', `a valid ${scope === 'admin' ? 'admin' : 'ingestion'} key is required (X-API-Key or Authorization: Bearer)`);
  }
}
