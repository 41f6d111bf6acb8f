import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalConnection } from '@waymark/config';
import { JOURNEY_TASK_QUEUE } from '@waymark/journey-workflows';
import { JourneyEventPublisher } from '@waymark/kafka';
import { createLogger, startTracing } from '@waymark/observability';
import { AesGcmPayloadCodec, payloadKeyRing } from '@waymark/payload-codec';
import { installTemporalRuntime, tracingWorkerOptions, workflowCodeOptions } from '@waymark/temporal';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { sdkMetricsAddress, WORKER_CONFIG, WorkerConfig } from './config';
import { createJourneyActivities } from './journey-activities';

/** Runs the Temporal worker for the journeys task queue inside the Nest app's lifecycle. */
@Injectable()
export class JourneyWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly publisher: JourneyEventPublisher;
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(Kafka) kafka: Kafka,
  ) {
    this.logger = createLogger('journey-worker', config.LOG_LEVEL);
    this.publisher = new JourneyEventPublisher(kafka);
  }

  async onApplicationBootstrap(): Promise<void> {
    installTemporalRuntime(this.logger, sdkMetricsAddress(this.config));
    await this.publisher.connect();
    this.connection = await NativeConnection.connect(temporalConnection(this.config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: JOURNEY_TASK_QUEUE,
      // The same as `ops-cli workflows replay-check` replays with.
      ...workflowCodeOptions({
        workflowBundlePath: this.config.WORKFLOW_BUNDLE_PATH,
        codec: new AesGcmPayloadCodec(payloadKeyRing(this.config)),
      }),
      activities: createJourneyActivities(this.publisher),
      ...tracingWorkerOptions(startTracing('journey-worker')),
      // On SIGTERM, activities in flight get half the grace period to finish before they are cancelled: the rest is
      // left for the workflow tasks, Kafka's producer and Temporal's connection to close.
      shutdownGraceTime: Math.floor(this.config.SHUTDOWN_TIMEOUT_MS / 2),
    });
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.fatal({ err: error }, 'temporal worker stopped unexpectedly');
      process.exit(1);
    });
  }

  /** Lets in-flight tasks finish before the process ends. */
  async onApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.publisher.disconnect();
    await this.connection?.close();
  }

  /** Ready when the worker polls and the Temporal frontend answers its connection. */
  async ping(): Promise<void> {
    if (this.worker?.getState() !== 'RUNNING' || !this.connection) throw new Error('worker is not polling');
    await this.connection.workflowService.getSystemInfo({});
  }
}
