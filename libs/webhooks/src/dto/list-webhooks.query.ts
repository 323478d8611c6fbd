import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from './page.query';

export class ListWebhooksQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this team’s webhooks' }) @IsOptional() @IsUUID() teamId?: string;
}
