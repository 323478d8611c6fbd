import type { RegisterRequest } from '@gateway/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class RegisterDto implements RegisterRequest {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) @IsEmail() @MaxLength(254) email: string;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @IsString() @MinLength(8) @MaxLength(200) password: string;
}
