import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUrl, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const slugRule = Matches(SLUG, { message: 'slug must be 1–40 lower-case letters, digits or inner hyphens' });
const urlRule = IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http or https URL' });
/** In an update, absent keeps the value; null is refused like any other wrong type. */
const unlessAbsent = ValidateIf((_dto: object, value: unknown) => value !== undefined);

export class CreateToolDto {
  @ApiProperty({ example: 'CLI Proxy' })
  @IsString() @MinLength(1) @MaxLength(100)
  name: string;
  @ApiProperty({ example: 'cli-proxy', description: 'Lower-case letters, digits and inner hyphens: the page is served at /tools/<slug>/' })
  @IsString() @slugRule
  slug: string;
  @ApiProperty({ example: 'http://127.0.0.1:8317/management.html' })
  @IsString() @MaxLength(2048) @urlRule
  url: string;
}

export class UpdateToolDto {
  @ApiPropertyOptional() @unlessAbsent @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional() @unlessAbsent @IsString() @slugRule slug?: string;
  @ApiPropertyOptional() @unlessAbsent @IsString() @MaxLength(2048) @urlRule url?: string;
}
