import { ROLES, TIERS, type Role, type Tier, type UpdateUserRequest } from '@gateway/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class UpdateUserDto implements UpdateUserRequest {
  @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsOptional() @IsIn(ROLES) role?: Role;
  @IsOptional() @IsIn(TIERS) tier?: Tier;
}
