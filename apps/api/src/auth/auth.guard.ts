import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeyNotAllowed, FeatureNotEnabled, MissingPermission } from '../common/errors.js';
import { ACCESS_METADATA, type AccessLevel } from './access.decorator.js';
import { CredentialsService } from './credentials.service.js';
import { setPrincipal } from './current-principal.decorator.js';
import { EDIT_RECORDING_SETTINGS, VIEW_CALL_HISTORY } from './permissions.js';

/**
 * The one guard layer of the API (global): authenticates the request, then enforces the route's
 * access level: API keys only where integrations belong, ACC-1 (the account's feature and network),
 * ACC-2 (the person's permission). Handlers never check these themselves.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level =
      this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]) ?? 'recording';
    if (level === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.credentials.authenticate(request.headers.authorization);
    setPrincipal(request, principal);
    if (principal.kind === 'api-key' && level !== 'integration' && level !== 'call-reader') throw new ApiKeyNotAllowed();
    if (level === 'signed-in') return true;
    const { contactCenterPro, enterpriseHubNetwork } = principal.account;
    if (!contactCenterPro || !enterpriseHubNetwork)
      throw new FeatureNotEnabled(missingFeatureDetail(contactCenterPro, enterpriseHubNetwork));
    if (principal.kind === 'user') {
      for (const permission of PERMISSIONS_NEEDED[level]) {
        if (!principal.permissions.includes(permission)) throw new MissingPermission(permission);
      }
    }
    return true;
  }
}

/** What a person needs, per access level, beyond ACC-1 (ACC-2, ACC-5). */
const PERMISSIONS_NEEDED: Record<Exclude<AccessLevel, 'public' | 'signed-in'>, readonly string[]> = {
  recording: [EDIT_RECORDING_SETTINGS],
  integration: [EDIT_RECORDING_SETTINGS],
  history: [VIEW_CALL_HISTORY],
  'history-edit': [VIEW_CALL_HISTORY, EDIT_RECORDING_SETTINGS],
  'call-reader': [VIEW_CALL_HISTORY],
};

/** ACC-1: what is missing, and who to ask (the vendor page's words). */
export function missingFeatureDetail(contactCenterPro: boolean, enterpriseHubNetwork: boolean): string {
  const missing = [
    contactCenterPro ? null : 'the Contact Center Pro feature (early access: book a demo to enable it)',
    enterpriseHubNetwork ? null : 'an Enterprise Hub network (ask your Customer Success Manager or Pro Account Manager)',
  ].filter((part) => part !== null);
  return `Call recording settings need ${missing.join(' and ')} on this account`;
}
