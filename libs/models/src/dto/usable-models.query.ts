import { IsOptional, IsUUID } from 'class-validator';

export class UsableModelsQuery {
  /** Admins: the models this user's tier may use. */
  @IsOptional() @IsUUID() userId?: string;
}
