import { IsOptional, IsString, MaxLength } from 'class-validator';

export class TestProviderDto {
  /** The upstream model to try; default: a model routed to this provider, else the first discovered. */
  @IsOptional() @IsString() @MaxLength(200) model?: string;
}
