import { Controller } from '@nestjs/common';
import { Public } from '@waymark/commissioner-access';
import { PrometheusController } from '@willsoto/nestjs-prometheus';

/** Prometheus scrapes without a commissioner key: the metrics are operational counts, never figures by area. */
@Public()
@Controller()
export class MetricsController extends PrometheusController {}
