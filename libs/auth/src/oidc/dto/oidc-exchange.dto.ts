import type { OidcExchangeRequest } from '@gateway/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class OidcExchangeDto implements OidcExchangeRequest {
  @IsString() @MinLength(20) @MaxLength(200) code: string;
}
