import { Controller, Get } from '@nestjs/common';
import { MeasuresStore } from '@waymark/measures-store';

@Controller('v1/measures')
export class SummaryController {
  constructor(private readonly store: MeasuresStore) {}

  @Get('summary')
  async summary() {
    return { journeysOpened: await this.store.journeysOpened() };
  }
}
