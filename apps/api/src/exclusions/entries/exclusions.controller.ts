import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { ApiProblemResponses, ApiProblems } from '../../common/api-problems.decorator.js';
import { AddExclusionDto, AddedExclusionDto, ExclusionPageDto, ExclusionQueryDto } from './dto/exclusion.dto.js';
import { ExclusionsService } from './exclusions.service.js';

const REFUSED_ENTRY =
  'Problem details: `rule` "EXC-1", `detail` the reason, `errors: [{ path: "entry", message }]`; ' +
  'or `errors` naming a malformed field of the request';

@ApiTags('exclusion list')
@ApiProblems()
@Controller('exclusions')
export class ExclusionsController {
  constructor(private readonly exclusions: ExclusionsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listExclusions',
    summary: 'The active exclusion list, a page at a time in entry order, optionally searched by digits',
    description: 'Follow `nextCursor` until it is null. The list may hold a million entries: it is never sent whole.',
  })
  @ApiOkResponse({ type: ExclusionPageDto })
  @ApiProblemResponses([422, '`errors` names `cursor`, `limit` or `q`'])
  list(@CurrentPrincipal() principal: Principal, @Query() query: ExclusionQueryDto): Promise<ExclusionPageDto> {
    return this.exclusions.list(principal, query);
  }

  @Post()
  @ApiOperation({
    operationId: 'addExclusion',
    summary: 'Add one number or area code (EXC-1); adding one listed already changes nothing and says so (EXC-6)',
  })
  @ApiCreatedResponse({ type: AddedExclusionDto, description: 'Added (`alreadyPresent: false`); `Location` names it' })
  @ApiOkResponse({ type: AddedExclusionDto, description: 'EXC-6: listed already (`alreadyPresent: true`), as it was added then' })
  @ApiProblemResponses([422, REFUSED_ENTRY])
  async add(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AddExclusionDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const added = await this.exclusions.add(principal, body.entry);
    if (!added.alreadyPresent) reply.header('location', `${request.url.split('?')[0]}/${encodeURIComponent(added.entry)}`);
    await reply.status(added.alreadyPresent ? 200 : 201).send(added);
  }

  @Delete(':entry')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeExclusion', summary: 'Delete one entry (EXC-7; the console asks for confirmation first)' })
  @ApiParam({
    name: 'entry',
    example: '+14155550100',
    description:
      'The E.164 number (`%2B14155550100`, `+14155550100`, `14155550100` or the 10 digits `4155550100`) or the area code (`415` or `415*`)',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses([404, "This account's list does not have the entry"], [422, 'Not an exclusion entry at all (`rule` "EXC-1")'])
  remove(@CurrentPrincipal() principal: Principal, @Param('entry') entry: string): Promise<void> {
    return this.exclusions.remove(principal, entry);
  }
}
