import { Readable } from 'node:stream';
import { EXPORT_CONTENT_TYPES, EXPORT_HEADER } from '@ccp/imports';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { ApiProblems } from '../../common/api-problems.decorator.js';
import { ExclusionExportDto, ExportCreatedDto, ExportQueryDto } from './dto/export.dto.js';
import { EXPORT_KEPT_FOR_MS, ExclusionExportsService, type ExportFile, XLSX_IN_REQUEST_MAX_ENTRIES } from './exports.service.js';

const FILE_HEADERS = {
  'Content-Disposition': {
    description: 'attachment; filename="exclusion-list-<account slug>-<yyyy-mm-dd>.<csv|xlsx>"',
    schema: { type: 'string' },
  },
};

const FILE_CONTENT = {
  [EXPORT_CONTENT_TYPES.csv]: { schema: { type: 'string' } },
  [EXPORT_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
};

@ApiTags('exclusion list')
@Controller('exclusions')
export class ExclusionExportsController {
  constructor(private readonly exports: ExclusionExportsService) {}

  @Get('export')
  @ApiOperation({
    operationId: 'exportExclusions',
    summary: 'Download the whole list as CSV or XLSX (EXC-9); it uploads again unchanged',
    description:
      `Columns: ${EXPORT_HEADER.map((column) => `\`${column}\``).join(', ')}, after a header row. ` +
      '`Number` is the entry as the console shows it (`(415) 555-0100`, `415*`), which an upload reads back to the same entry; ' +
      'the other columns are for people and ignored on upload. An empty list gives the header row alone, a blank template. ' +
      'Cells a spreadsheet program would run as a formula (starting with `=`, `+`, `-` or `@`, also after spaces, or with a tab or a carriage return) ' +
      "are written with a leading `'`, signed numbers included, by the same rule as an upload's rejected rows; an upload reads the `'` away. " +
      `CSV (UTF-8 with a byte order mark) is always sent at once, streamed. An XLSX of up to ${XLSX_IN_REQUEST_MAX_ENTRIES.toLocaleString('en-US')} entries is sent at once; ` +
      'a larger one is built in the background: the answer is 202 with the export to follow.',
  })
  @ApiProduces(EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.xlsx, 'application/json')
  @ApiOkResponse({ description: 'The file', content: FILE_CONTENT, headers: FILE_HEADERS })
  @ApiAcceptedResponse({
    type: ExportCreatedDto,
    description: `An XLSX of over ${XLSX_IN_REQUEST_MAX_ENTRIES.toLocaleString('en-US')} entries: stored and queued for the worker`,
    headers: { Location: { description: 'The export: `/api/v1/exclusions/exports/{exportId}`', schema: { type: 'string' } } },
  })
  @ApiProblems(
    [409, 'The list was replaced (a replace upload) while the XLSX was built: ask again'],
    [422, '`errors` names `format`: csv or xlsx'],
    [503, 'A large XLSX export, and the job queue does not answer: nothing was queued; ask again shortly'],
  )
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (request.method === 'HEAD') {
      const head = await this.exports.head(principal, query.format);
      if (head.kind === 'file') fileHeaders(reply, head);
      await reply.status(head.kind === 'queued' ? 202 : 200).send();
      return;
    }
    const answer = await this.exports.export(principal, query.format);
    if (answer.kind === 'queued') {
      const location = request.url.split('?')[0]?.replace(/\/export$/, `/exports/${answer.exportId}`);
      await reply.status(202).header('location', location).send({ exportId: answer.exportId });
      return;
    }
    await sendFile(reply, answer);
  }

  @Get('exports/:id')
  @ApiOperation({
    operationId: 'getExclusionExport',
    summary: 'An export built in the background: its status, and its row count once done',
    description: `Exports are kept for ${EXPORT_KEPT_FOR_MS / 3_600_000} hours, then answer 404.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ExclusionExportDto })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ExclusionExportDto> {
    return this.exports.get(principal, id);
  }

  @Get('exports/:id/file')
  @ApiOperation({
    operationId: 'getExclusionExportFile',
    summary: 'The file of an export built in the background, once its status is done',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces(EXPORT_CONTENT_TYPES.csv, EXPORT_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'The file', content: FILE_CONTENT, headers: FILE_HEADERS })
  @ApiProblems(404, [409, 'The export is queued or running (follow `GET /exclusions/exports/{id}`), or it failed: `detail` says which'])
  async file(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await sendFile(reply, await this.exports.file(principal, id));
  }
}

/**
 * Sends a download. A stream that fails half-way (the database went away) makes Fastify destroy the
 * connection, so the client sees a broken download, never a shorter file that looks complete.
 */
async function sendFile(reply: FastifyReply, file: ExportFile): Promise<void> {
  fileHeaders(reply, file);
  await reply.send(
    file.body instanceof Uint8Array ? Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength) : Readable.from(file.body),
  );
}

function fileHeaders(reply: FastifyReply, file: Pick<ExportFile, 'fileName' | 'contentType'>): void {
  reply.header('content-type', file.contentType);
  reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
}
