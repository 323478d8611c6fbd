import type { RefreshRequest } from '@gateway/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshDto implements RefreshRequest {
  @IsString() @MinLength(20) @MaxLength(200) refreshToken: string;
}
