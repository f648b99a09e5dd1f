import { createHash } from 'node:crypto';
import { REGIONS } from '@ccp/policy-core';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { ConsentRegionsDto } from './dto/consent-region.dto.js';

const TABLE: ConsentRegionsDto = { items: REGIONS.map((region) => ({ ...region, areaCodes: [...region.areaCodes] })) };
/** The table changes only with a release: its hash is its version. */
const ETAG = `"${createHash('sha256').update(JSON.stringify(TABLE)).digest('base64url').slice(0, 22)}"`;
/** Private: only people who may read the recording settings get it. A day, then revalidated by ETag (a release may have changed it). */
const CACHE_CONTROL = 'private, max-age=86400';

/** The product's region table (CNS-1/2), for the console's consent screen and for checking codes before sending them. */
@ApiTags('consent')
@Controller('consent/regions')
export class ConsentRegionsController {
  @Get()
  @ApiOperation({
    operationId: 'listConsentRegions',
    summary: "The product's region table (CNS-1/2): codes, names, the default all-party list, disputed regions, area codes",
    description:
      'The same for every account; it changes only with a release. Cacheable: `ETag` and `Cache-Control` are sent, and ' +
      '`If-None-Match` with the ETag answers 304. Needs the same access as the recording settings.',
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy held: 304 when it is still current' })
  @ApiOkResponse({ type: ConsentRegionsDto })
  @ApiResponse({ status: 304, description: 'The copy named by If-None-Match is current' })
  @ApiProblems()
  list(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): ConsentRegionsDto | undefined {
    reply.header('etag', ETAG).header('cache-control', CACHE_CONTROL);
    if (ifNoneMatch !== undefined && holdsCurrent(ifNoneMatch)) {
      reply.status(304);
      return undefined;
    }
    return TABLE;
  }
}

/** Whether If-None-Match names the current table: RFC 9110 compares weakly here (`W/"…"` matches too), and `*` matches any. */
function holdsCurrent(ifNoneMatch: string): boolean {
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === ETAG;
  });
}
