import { endSessionUrl } from './login-page.component';

describe('endSessionUrl', () => {
  it("adds the ended session's ID token as id_token_hint, keeping the provider's parameters", () => {
    const url = new URL(endSessionUrl('https://idp.example/logout?client_id=gw&post_logout_redirect_uri=https%3A%2F%2Fgw.example%2Flogin', 'a.b.c')!);
    expect(url.searchParams.get('id_token_hint')).toBe('a.b.c');
    expect(url.searchParams.get('client_id')).toBe('gw');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('https://gw.example/login');
  });

  it('leaves the URL as it is without a hint, and offers nothing without a URL', () => {
    expect(endSessionUrl('https://idp.example/logout?client_id=gw', null)).toBe('https://idp.example/logout?client_id=gw');
    expect(endSessionUrl(null, 'a.b.c')).toBeNull();
  });
});
