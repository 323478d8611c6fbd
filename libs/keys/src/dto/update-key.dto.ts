import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateKeyDto } from './create-key.dto';

export class UpdateKeyDto extends PartialType(OmitType(CreateKeyDto, ['userId'] as const)) {}
