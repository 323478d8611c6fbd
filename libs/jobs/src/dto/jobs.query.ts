import type { JobState } from '@gateway/contracts';
import { ALL_QUEUES, type QueueName } from '@gateway/queue';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class JobsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 100;
  @IsOptional() @IsIn(ALL_QUEUES) queue?: QueueName;
  @IsOptional() @IsIn(['waiting', 'active', 'completed', 'failed', 'delayed']) state?: JobState;
}
