import { ROLES, TIERS, type Role, type Tier, type UpdateUserRequest } from '@gateway/contracts';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/** Absent to keep; null is refused where the column has no "none" (only a name may be cleared). */
const unlessAbsent = ValidateIf((_dto: object, value: unknown) => value !== undefined);

export class UpdateUserDto implements UpdateUserRequest {
  @unlessAbsent @IsBoolean() active?: boolean;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @unlessAbsent @IsIn(ROLES) role?: Role;
  @unlessAbsent @IsIn(TIERS) tier?: Tier;
}
