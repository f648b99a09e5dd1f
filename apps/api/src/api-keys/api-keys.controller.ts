import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { BEARER_AUTH } from '../docs/openapi.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';

/** Integration keys. People only (the default access level): an API key gets 403 api-key-not-allowed here. */
@ApiTags('api keys')
@ApiBearerAuth(BEARER_AUTH)
@ApiUnauthorizedResponse({ description: 'No token, or a bad one' })
@ApiForbiddenResponse({ description: 'ACC-1 feature not enabled, ACC-2 missing permission, or an API key (people only)' })
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for the telephony side (the key is in this answer only)' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiUnprocessableEntityResponse({ description: 'The name is missing or too long' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The account's API keys, newest first, revoked ones included (no secrets)" })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key: requests with it are refused (401) from now on' })
  @ApiNoContentResponse({ description: 'Revoked (or revoked already)' })
  @ApiNotFoundResponse({ description: 'No such key in this account' })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(principal, id);
  }
}
