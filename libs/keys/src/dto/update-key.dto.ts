import { OmitType, PartialType } from '@nestjs/swagger';
import { KEY_SCOPES, type KeyScope } from '@gateway/contracts';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CreateKeyDto } from './create-key.dto';

/** Absent to keep, null only where null means something (no quota, no limit, no expiry, any origin). */
const unlessAbsent = ValidateIf((_dto: object, value: unknown) => value !== undefined);

export class UpdateKeyDto extends PartialType(OmitType(CreateKeyDto, ['userId', 'name', 'models', 'scopes'] as const)) {
  @unlessAbsent @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(KEY_SCOPES, { each: true }) scopes?: KeyScope[];
  @unlessAbsent @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(200, { each: true }) models?: string[];
  @unlessAbsent @IsString() @MinLength(1) @MaxLength(100) name?: string;
}
