import { ApiProperty } from '@nestjs/swagger';
import { TEAM_ROLES, type TeamRole, type UpdateTeamMemberRequest } from '@gateway/contracts';
import { IsIn } from 'class-validator';

export class UpdateTeamMemberDto implements UpdateTeamMemberRequest {
  @ApiProperty({ enum: TEAM_ROLES }) @IsIn(TEAM_ROLES) role: TeamRole;
}
