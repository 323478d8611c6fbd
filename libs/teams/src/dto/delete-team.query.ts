import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class DeleteTeamQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Required once the team has keys or balance (they go with it)' })
  @IsOptional() @IsIn(['true', 'false'])
  force?: 'true' | 'false';
}
