import { couchClient } from './couch/client';
import { startEmbeddedStore, type EmbeddedStore } from './couch/embedded-store';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp } from './app';
import { applyHttpLimits } from './http-limits';
import { provisionAll } from './provision-all';
import { LessonPublisher } from './authoring/lesson-publisher';
import { AttendanceProjector } from './workshops/attendance-projector';
import { PreparationProjector } from './workshops/preparation-projector';
import { InsightsAggregator } from './insights/insights-aggregator';
import { DEMO_ACCOUNTS } from './auth/demo-accounts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  let embedded: EmbeddedStore | null = null;
  if (!config.couchUrl) embedded = await startEmbeddedStore(config.dataDir);
  const adminUrl = config.couchUrl ?? embedded!.url;
  const couch = couchClient(adminUrl);
  const couchHost = adminUrl.host;

  const report = await provisionAll(couch, config);
  console.log(
    `Provisioned ${config.couchUrl ? `CouchDB at ${couchHost}` : `the embedded store in ${config.dataDir}`}: ` +
      `${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged.`,
  );

  const publisher = new LessonPublisher(couch);
  publisher.start();
  const projector = new AttendanceProjector(couch, config.certificateSettleSeconds * 1000);
  projector.start();
  const insights = new InsightsAggregator(couch, config);
  insights.start();
  const preparation = new PreparationProjector(couch);
  preparation.start();
  const onMediaUploaded = () => void publisher.sweep().catch((error) => console.warn('Lesson publisher:', error.message));
  const onPrivateWrite = (name: string) => {
    insights.ownerChanged(name);
    preparation.ownerChanged(name);
  };
  const server = createApp({ config, couch, adminUrl, onMediaUploaded, onPrivateWrite }).listen(config.port, config.host);
  applyHttpLimits(server, config);
  server.on('error', (error) => {
    console.error(`Cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    if (config.demoAccounts) {
      console.log('Demo accounts (name / password):');
      for (const account of DEMO_ACCOUNTS) console.log(`  ${account.name} / ${account.password}  ${account.description}`);
    }
    console.log(`ME2ME Learn is running: open http://${host}:${port}/`);
  });

  const stop = () => {
    publisher.stop();
    projector.stop();
    insights.stop();
    server.close();
    server.closeAllConnections();
    void embedded?.close().finally(() => process.exit(0));
    if (!embedded) process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error('The sync server could not start:', error);
  process.exit(1);
});
