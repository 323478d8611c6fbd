import { ApiPropertyOptional } from '@nestjs/swagger';
import { TEAM_ROLES, type AddTeamMemberRequest, type TeamRole } from '@gateway/contracts';
import { IsEmail, IsIn, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { unlessAbsent } from './create-team.dto';

/** The user by id or by email: one of the two is required (the service refuses both). */
export class AddTeamMemberDto implements AddTeamMemberRequest {
  @ApiPropertyOptional() @ValidateIf((dto: AddTeamMemberDto) => dto.userId === undefined) @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional({ enum: TEAM_ROLES, default: 'member' }) @unlessAbsent @IsIn(TEAM_ROLES) role?: TeamRole;
  @ApiPropertyOptional({ format: 'uuid' }) @ValidateIf((dto: AddTeamMemberDto) => dto.email === undefined) @IsUUID() userId?: string;
}
