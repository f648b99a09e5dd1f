import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiProblemResponses, ApiProblems } from '../common/api-problems.decorator.js';
import { ApiKeyNotAllowed } from '../common/errors.js';
import { Access } from './access.decorator.js';
import { AuthService } from './auth.service.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponseDto, MeDto } from './dto/me.dto.js';
import type { Principal } from './principal.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access('public')
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ operationId: 'login', summary: 'Log in with email and password; answers a bearer token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblemResponses(
    [401, 'Wrong email or password'],
    [422, '`errors` names `email` or `password`'],
    [429, 'Too many attempts from this address: wait a minute'],
  )
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Access('signed-in')
  @ApiOperation({
    operationId: 'logout',
    summary: 'Log out: ends the token sent, at once, on every replica (401 from then on); other logins of the person go on',
  })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiProblems(
    [401, 'No token, or one that is not valid, expired or ended already'],
    [403, 'An API key (people only)'],
    [503, 'The session store (Redis) does not answer: nothing was ended; try again shortly'],
  )
  logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.kind !== 'user') throw new ApiKeyNotAllowed();
    return this.auth.logout(principal);
  }

  @Get('me')
  @Access('signed-in')
  @ApiOperation({ operationId: 'getMe', summary: 'The logged-in person, their account and whether recording settings are open to them' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems([403, 'An API key (people only)'])
  me(@CurrentPrincipal() principal: Principal): MeDto {
    if (principal.kind !== 'user') throw new ApiKeyNotAllowed();
    return this.auth.me(principal);
  }
}
