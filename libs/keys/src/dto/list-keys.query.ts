import { IsOptional, IsUUID } from 'class-validator';

export class ListKeysQuery {
  /** Admins only: list another user's keys. */
  @IsOptional() @IsUUID() userId?: string;
  /** A team's keys (its owners and admins). */
  @IsOptional() @IsUUID() teamId?: string;
}
