import { RefreshToken } from '@gateway/auth';
import { ApiKey } from '@gateway/keys';
import { User } from '@gateway/users';

/** Every entity the gateway persists: the data source, the migration CLI and the drift check use this list. */
export const ENTITIES = [ApiKey, RefreshToken, User];
