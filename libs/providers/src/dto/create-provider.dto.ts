import { PROVIDER_TYPES, type CreateProviderRequest, type ProviderType } from '@gateway/contracts';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

export class CreateProviderDto implements CreateProviderRequest {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) apiKey?: string;
  @ValidateIf((o: CreateProviderDto) => o.type !== 'mock' || o.baseUrl !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'baseUrl must be an http(s) URL' })
  baseUrl?: string;
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsObject() headers?: Record<string, string>;
  @IsString() @MinLength(1) @MaxLength(100) @Matches(/^[\w .:()-]+$/, { message: 'name may hold letters, digits, spaces and . _ : ( ) -' }) name: string;
  @IsOptional() @IsInt() @Min(100) @Max(600_000) timeoutMs?: number;
  @IsIn(PROVIDER_TYPES) type: ProviderType;
}
