import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gateway/auth-core';
import type { PricingCatalogView } from '@gateway/contracts';
import { CatalogQueryDto } from './dto/catalog.query';
import { PricingCatalogService } from './pricing-catalog.service';

@ApiTags('pricing')
@ApiBearerAuth()
@Controller('pricing')
export class PricingController {
  constructor(private readonly catalog: PricingCatalogService) {}

  /** Known models' list prices, to fill a model's prices from (admins set prices). */
  @Roles('admin')
  @Get('catalog')
  list(@Query() q: CatalogQueryDto): PricingCatalogView {
    return { items: this.catalog.search(q) };
  }
}
