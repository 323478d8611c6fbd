import { IsOptional, IsUUID } from 'class-validator';

export class ListKeysQuery {
  /** Admins only: list another user's keys. */
  @IsOptional() @IsUUID() userId?: string;
}
