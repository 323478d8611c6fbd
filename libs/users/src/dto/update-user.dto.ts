import { BudgetDto } from '@gateway/billing';
import { IsUsdAmount } from '@gateway/database';
import { Type } from 'class-transformer';
import { ROLES, TIERS, type Role, type Tier, type UpdateUserRequest } from '@gateway/contracts';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

/** Absent to keep; null is refused where the column has no "none" (only a name may be cleared). */
const unlessAbsent = ValidateIf((_dto: object, value: unknown) => value !== undefined);

export class UpdateUserDto implements UpdateUserRequest {
  @unlessAbsent @IsBoolean() active?: boolean;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @unlessAbsent @IsIn(ROLES) role?: Role;
  @unlessAbsent @IsIn(TIERS) tier?: Tier;
  /** The user's own spend limit (personal keys and the console); null removes it. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto) budget?: BudgetDto | null;
  @IsOptional() @IsUsdAmount(0, 1e9) lowBalanceUsd?: number | null;
}
