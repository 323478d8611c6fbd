import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gateway/auth-core';
import { UpdateSsoSettingsDto } from './dto/update-sso-settings.dto';
import { SsoSettingsService } from './sso-settings.service';

@ApiTags('sso')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/sso')
export class SsoSettingsController {
  constructor(private readonly settings: SsoSettingsService) {}

  @Get()
  get() {
    return this.settings.view();
  }

  @Put()
  update(@Body() body: UpdateSsoSettingsDto) {
    return this.settings.update(body);
  }
}
