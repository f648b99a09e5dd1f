import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { ApiProblems } from '../../common/api-problems.decorator.js';
import { ValidationFailed } from '../../common/errors.js';
import { UPLOAD_FORM_SCHEMA, UploadCreatedDto, UploadDto, UploadFormDto, UploadPageDto, UploadQueryDto } from './dto/upload.dto.js';
import { UploadLimitsInterceptor } from './upload-limits.interceptor.js';
import { ExclusionUploadsService } from './uploads.service.js';

@ApiTags('exclusion list')
@Controller('exclusions/uploads')
export class ExclusionUploadsController {
  constructor(private readonly uploads: ExclusionUploadsService) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(UploadLimitsInterceptor, FileInterceptor('file', { defParamCharset: 'utf8' }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_FORM_SCHEMA })
  @ApiOperation({
    operationId: 'uploadExclusions',
    summary: 'Upload a CSV or XLSX file to add to the list or replace it (EXC-8); it is imported in the background (EXC-10)',
    description:
      'The file and its upload are stored before this answers, then queued for import: follow `Location` for progress and outcome. ' +
      'If the job queue is unavailable the upload is still accepted and is queued as soon as it is back.',
  })
  @ApiAcceptedResponse({
    type: UploadCreatedDto,
    description: 'Stored and queued',
    headers: { Location: { description: 'The upload: `/api/v1/exclusions/uploads/{uploadId}`', schema: { type: 'string' } } },
  })
  @ApiProblems(
    [413, 'The file is over the upload limit; `detail` names the limit. Nothing is stored'],
    [
      422,
      'Not a CSV or XLSX file, or empty (`rule` "EXC-8", `errors` on `file`); or `mode` missing or not add/replace, or no file (`errors` names the field). Nothing is stored',
    ],
  )
  async create(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Body() form: UploadFormDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UploadCreatedDto> {
    if (!file?.buffer) throw new ValidationFailed([{ path: 'file', message: 'file is required: a CSV or XLSX file' }]);
    const { uploadId } = await this.uploads.create(principal, { fileName: file.originalname, bytes: file.buffer, mode: form.mode });
    reply.header('location', `${request.url.split('?')[0]}/${uploadId}`);
    return { uploadId };
  }

  @Get()
  @ApiOperation({ operationId: 'listExclusionUploads', summary: "The account's uploads, newest first, a page at a time" })
  @ApiOkResponse({ type: UploadPageDto })
  @ApiProblems([422, '`errors` names `cursor` or `limit`'])
  list(@CurrentPrincipal() principal: Principal, @Query() query: UploadQueryDto): Promise<UploadPageDto> {
    return this.uploads.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getExclusionUpload',
    summary: 'An upload: status, progress and, once done, what was imported and rejected (EXC-10)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UploadDto })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<UploadDto> {
    return this.uploads.get(principal, id);
  }

  @Get(':id/rejected.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({
    operationId: 'getExclusionUploadRejectedRows',
    summary: 'The rejected rows of an upload as CSV (`row,value,reason`)',
    description:
      'Once the upload is done: every rejected row, in file order. Before that (and for a failed upload): the first rows found so far. ' +
      '`X-Rejected-Total` counts every rejected row and `X-Rejected-Included` those in this file: when they differ, the file is the first part of the list. ' +
      "Values a spreadsheet program would run as a formula (`-2+3`, `=1+1`, `+1 415…`) are written with a leading `'`, by the same rule as the export.",
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'CSV with a header row',
    schema: { type: 'string' },
    headers: {
      'X-Rejected-Total': { description: 'How many rows of the upload were rejected', schema: { type: 'integer' } },
      'X-Rejected-Included': { description: 'How many of them this file holds', schema: { type: 'integer' } },
    },
  })
  @ApiProblems(404)
  async rejected(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const download = await this.uploads.rejected(principal, id);
    reply.headers({
      'content-disposition': `attachment; filename="${download.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      'x-rejected-total': String(download.total),
      'x-rejected-included': String(download.included),
    });
    return download.csv;
  }
}
