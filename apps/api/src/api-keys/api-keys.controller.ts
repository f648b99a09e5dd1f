import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblemResponses, ApiProblems } from '../common/api-problems.decorator.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';

/** Integration keys. People only (the default access level): an API key gets 403 api-key-not-allowed here. */
@ApiTags('api keys')
@ApiProblems()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key for the telephony side (the key is in this answer only)' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblemResponses([422, 'The name is missing or too long'])
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(principal, body.name);
  }

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: "The account's API keys, newest first, revoked ones included (no secrets)" })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    return this.apiKeys.list(principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key: requests with it are refused (401) from now on' })
  @ApiNoContentResponse({ description: 'Revoked (or revoked already)' })
  @ApiProblemResponses([404, 'No such key in this account'])
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(principal, id);
  }
}
