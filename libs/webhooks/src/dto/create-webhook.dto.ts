import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WEBHOOK_EVENTS, type CreateWebhookRequest, type WebhookEvent } from '@gateway/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';

export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENTS.length) @ArrayUnique() @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];
  @ApiPropertyOptional({ format: 'uuid', description: 'The team whose webhook this is (its owners or an admin); absent: the caller’s own' })
  @IsOptional() @IsUUID()
  teamId?: string;
  @ApiProperty({ example: 'https://hooks.slack.com/services/…' })
  @IsString() @MaxLength(2048) @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http or https URL' })
  url: string;
}
