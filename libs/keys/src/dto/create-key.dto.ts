import { BudgetDto } from '@gateway/billing';
import { IsUsdAmount } from '@gateway/database';
import { KEY_SCOPES, type CreateKeyRequest, type KeyScope } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsDateString, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, ValidateNested, IsObject, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

export class CreateKeyDto implements CreateKeyRequest {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUrl({ require_tld: false, require_protocol: true }, { each: true }) allowedOrigins?: string[];
  @IsOptional() @IsDateString() expiresAt?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(200, { each: true }) models?: string[];
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsOptional() @IsUsdAmount(0, 1e9) quotaUsd?: number | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto) budget?: BudgetDto | null;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1e7) rpm?: number | null;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) tpm?: number | null;
  /** Absent: the default (`["gateway"]`); null is refused (a key without scopes would be useless). */
  @ValidateIf((_dto: object, value: unknown) => value !== undefined) @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(KEY_SCOPES, { each: true }) scopes?: KeyScope[];
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() teamId?: string;
}
