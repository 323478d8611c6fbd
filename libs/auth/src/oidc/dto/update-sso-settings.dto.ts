import type { ClaimMapping, UpdateSsoSettingsRequest } from '@gateway/contracts';
import { ArrayMaxSize, IsBoolean, IsEmail, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';

const URL_OPTIONS = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

/** The claim mapping is checked by `mappingProblems` (the same check as OIDC_CLAIM_MAPPING's). */
export class UpdateSsoSettingsDto implements UpdateSsoSettingsRequest {
  @IsOptional() @ArrayMaxSize(100) @Matches(/^[a-z0-9.-]+\.[a-z]{2,}$/i, { each: true, message: 'allowedDomains must hold domain names (example.com)' }) allowedDomains?: string[];
  @IsOptional() @ArrayMaxSize(100) @IsEmail({}, { each: true }) breakGlassEmails?: string[];
  @IsOptional() @IsObject() claimMapping?: ClaimMapping;
  @IsOptional() @IsString() @MaxLength(500) clientSecret?: string | null;
  @IsString() @MinLength(1) @MaxLength(500) clientId: string;
  @IsString() @MinLength(1) @MaxLength(100) displayName: string;
  @IsBoolean() enabled: boolean;
  @IsUrl(URL_OPTIONS) @MaxLength(2000) issuerUrl: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) postLogoutRedirectUrl?: string | null;
  @IsUrl(URL_OPTIONS) @MaxLength(2000) redirectUrl: string;
  @IsOptional() @Matches(/^openid(\s+[\w:./-]+)*$/, { message: 'scopes must start with "openid", space-separated' }) scopes?: string;
  @IsOptional() @IsBoolean() ssoRequired?: boolean;
  @IsOptional() @IsBoolean() trustEmail?: boolean;
}
