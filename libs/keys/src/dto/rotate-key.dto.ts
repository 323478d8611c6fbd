import { MAX_KEY_ROTATION_GRACE_SECONDS, type RotateKeyRequest } from '@gateway/contracts';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RotateKeyDto implements RotateKeyRequest {
  @IsOptional() @IsInt() @Min(0) @Max(MAX_KEY_ROTATION_GRACE_SECONDS) gracePeriodSeconds?: number;
}
