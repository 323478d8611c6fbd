import { BadGatewayException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gateway/auth-core';
import { CreateProviderDto } from './dto/create-provider.dto';
import { TestProviderDto } from './dto/test-provider.dto';
import { UpdateProviderDto } from './dto/update-provider.dto';
import { ProviderError } from './provider-error';
import { toProviderView } from './provider-view';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@ApiBearerAuth()
@Roles('admin')
@Controller('providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Post()
  create(@Body() body: CreateProviderDto) {
    return this.providers.create(body);
  }

  @Get()
  list() {
    return this.providers.list();
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toProviderView(await this.providers.get(id));
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateProviderDto) {
    return this.providers.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string) {
    return this.providers.remove(id);
  }

  @Get(':id/health')
  health(@Param('id', ParseUUIDPipe) id: string) {
    return this.providers.health(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', ParseUUIDPipe) id: string, @Body() body: TestProviderDto) {
    return this.providers.test(id, body.model);
  }

  @Get(':id/models')
  models(@Param('id', ParseUUIDPipe) id: string) {
    return this.providers.models(id, false).catch(rethrowAsBadGateway);
  }

  @Post(':id/models/refresh')
  @HttpCode(200)
  refreshModels(@Param('id', ParseUUIDPipe) id: string) {
    return this.providers.models(id, true).catch(rethrowAsBadGateway);
  }
}

function rethrowAsBadGateway(e: unknown): never {
  if (e instanceof ProviderError) throw new BadGatewayException(`Model discovery failed: ${e.message}`);
  throw e;
}
