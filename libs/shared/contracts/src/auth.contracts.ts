import type { UserView } from './users.contracts';

export interface RegisterRequest {
  email: string;
  password: string;
  name?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserView;
  /** After a single sign-on: the provider's ID token, for `id_token_hint` on its end-session URL. */
  idToken?: string;
}
