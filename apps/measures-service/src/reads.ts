import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MEASURES_READS_DATA_SOURCE, measuresPools, MeasuresQueries, ReadAdmission } from '@waymark/measures-store';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';

/**
 * The commissioners' reads: queries on the readers' own pool, let in by a ReadAdmission so that each answer gets
 * every connection it needs at once. On shutdown waiting reads are refused first (503), so the rest ends soon.
 */
@Injectable()
export class Reads implements OnModuleDestroy {
  readonly admission: ReadAdmission;
  readonly queries: MeasuresQueries;

  constructor(
    @Inject(MEASURES_CONFIG) config: MeasuresConfig,
    @InjectDataSource(MEASURES_READS_DATA_SOURCE) dataSource: DataSource,
  ) {
    this.admission = new ReadAdmission(measuresPools(config).admission);
    this.queries = new MeasuresQueries(dataSource, this.admission);
  }

  onModuleDestroy(): void {
    this.admission.close();
  }
}
