import { startService } from './index.ts';

// `npm start`: the whole service on 127.0.0.1 (docs/api.md "Local-only routes").
const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(1);
}
// One readable line per event on a terminal; JSON, as on AWS, when the output goes to a file or
// another program. OCC_LOG_FORMAT=json or text chooses either way; NO_COLOR turns colours off.
const chosenFormat = process.env.OCC_LOG_FORMAT;
if (chosenFormat !== undefined && chosenFormat !== '' && chosenFormat !== 'json' && chosenFormat !== 'text') {
  console.error(`OCC_LOG_FORMAT must be json or text, got ${chosenFormat}`);
  process.exit(1);
}
const logFormat =
  chosenFormat === 'json' || chosenFormat === 'text' ? chosenFormat : process.stdout.isTTY ? 'text' : 'json';
const service = await startService({
  port,
  logFormat,
  colour: logFormat === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
  dataDir: process.env.OCC_DATA_DIR || '.data',
  ...(process.env.OCC_SCENARIO ? { scenario: process.env.OCC_SCENARIO } : {}),
}).catch((error: unknown) => {
  const reason =
    (error as { code?: string }).code === 'EADDRINUSE'
      ? `port ${port} is in use; set PORT to another port (0 picks a free one)`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`One Card Check could not start: ${reason}`);
  process.exit(1);
});
console.log(`One Card Check is running at ${service.baseUrl}`);
console.log(`  API ${service.baseUrl}/v1 · sent SMS ${service.baseUrl}/_local/outbox.html`);
console.log(`  the WeChat official account, simulated: ${service.baseUrl}/_local/official-account.html`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await service.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
