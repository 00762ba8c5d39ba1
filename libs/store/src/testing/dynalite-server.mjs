// Child process: a dynalite server. Reports `{"port":N}` on stdout once listening; exits on SIGTERM.
// Run as a child so tests can kill it hard mid-burst and start it again on the same data folder.
import dynalite from 'dynalite';

const [port = '0', host = '127.0.0.1', dataDir = ''] = process.argv.slice(2);
const server = dynalite({
  path: dataDir === '' ? undefined : dataDir,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});
server.listen(Number(port), host, () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
server.on('error', (err) => {
  process.stderr.write(`dynalite: ${err.message}\n`);
  process.exit(1);
});
const shutdown = () => {
  // Give in-flight requests a moment, then exit regardless (keep-alive sockets never drain on their own).
  setTimeout(() => process.exit(0), 1500).unref();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);
// The parent holds our stdin open; when it goes away (even killed), so do we — the server runs in
// its own process group (so a terminal's Ctrl-C reaches only the parent, which stops it last).
process.stdin.on('close', shutdown);
process.stdin.resume();
