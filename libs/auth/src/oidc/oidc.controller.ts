import { Body, Controller, Get, HttpCode, HttpException, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@gateway/auth-core';
import { AuthThrottlerGuard } from '../guards/auth-throttler.guard';
import { OidcExchangeDto } from './dto/oidc-exchange.dto';
import { OidcLoginService } from './oidc-login.service';
import { cookieValue } from '../cookies';

const COOKIE = 'gw_oidc';
const COOKIE_PATH = '/api/v1/auth/oidc';
/** Where the console picks up the one-time code (in the fragment: never sent to a server, nor in a Referer). */
const CONSOLE_CALLBACK = '/sso/callback';

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcLoginService) {}

  @Public()
  @Get('config')
  config() {
    return this.oidc.publicConfig();
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Get('login')
  async login(@Res() reply: FastifyReply) {
    const { url, browser, secure } = await this.oidc.start();
    const cookie = `${COOKIE}=${browser}; Path=${COOKIE_PATH}; Max-Age=600; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    return reply.status(302).header('set-cookie', cookie).header('location', url).send();
  }

  /**
   * The provider's redirect back. A browser is sent on to the console (with the code, or to the
   * login page with the reason); any other client gets the refusal's own 4xx.
   */
  @Public()
  @UseGuards(AuthThrottlerGuard) // each refusal is an audit record: no unbounded appends from one address
  @Get('callback')
  async callback(@Query() query: Record<string, string>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    try {
      const code = await this.oidc.callback(query, cookieValue(req.headers.cookie, COOKIE));
      const clear = `${COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`;
      return reply.status(303).header('set-cookie', clear).header('location', `${CONSOLE_CALLBACK}#code=${encodeURIComponent(code)}`).send();
    } catch (e) {
      if (!(e instanceof HttpException) || !String(req.headers.accept ?? '').includes('text/html')) throw e;
      return reply.status(303).header('location', `/login?ssoError=${encodeURIComponent(e.message)}`).send();
    }
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('exchange')
  @HttpCode(200)
  exchange(@Body() body: OidcExchangeDto) {
    return this.oidc.exchange(body.code);
  }
}
