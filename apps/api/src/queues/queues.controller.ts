import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ModeSettingDto } from '../common/dto/mode-setting.dto.js';
import { scopedSettingsController } from '../scoped-settings/scoped-settings.controller.js';
import { CreateQueueDto, QueueDto, QueueListDto } from './dto/queue.dto.js';
import { QUEUE_SCOPE } from './queue.scope.js';

@ApiTags('queues')
@Controller('queues')
export class QueuesController extends scopedSettingsController({
  scope: QUEUE_SCOPE,
  path: 'queues',
  idParam: { name: 'id', description: 'The id calls name the queue by', example: 'sales' },
  dto: QueueDto,
  listDto: QueueListDto,
  createDto: CreateQueueDto,
  settingDto: ModeSettingDto,
  operations: {
    list: {
      operationId: 'listQueues',
      summary: 'Every queue with its effective recording settings and whether they are custom (QUE-5: ?custom=true)',
    },
    create: { operationId: 'createQueue', summary: 'Add a queue; it follows the queue default (QUE-1)' },
    get: { operationId: 'getQueue', summary: 'One queue with its recording settings and revision' },
    delete: { operationId: 'deleteQueue', summary: 'Remove a queue' },
    setRecording: {
      operationId: 'setQueueRecording',
      summary: 'QUE-3: custom recording settings for the queue, overriding the queue default',
    },
    resetRecording: { operationId: 'resetQueueRecording', summary: 'QUE-4: Reset to Default: the queue follows the queue default again' },
  },
  createProblems: [[409, 'A queue with this id exists already in this account'], 422],
  created: 'The queue; its revision also as ETag, its URL as Location',
  changed: 'The queue; its new revision also as ETag',
  reset: 'The queue; its revision also as ETag',
  ifMatch: "The queue's revision read: 428 without it, 412 when stale",
}) {}
