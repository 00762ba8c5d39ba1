// Child process: an s3rver server. Must run with `--openssl-legacy-provider` (s3rver encrypts
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers through that provider).
// Reports `{"port":N}` on stdout once listening; exits on SIGTERM.
import S3rver from 's3rver';

const [port = '0', host = '127.0.0.1', dataDir] = process.argv.slice(2);
const server = new S3rver({ address: host, port: Number(port), directory: dataDir, silent: true, vhostBuckets: false });
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (err) => {
    process.stderr.write(`s3rver: ${err.message}\n`);
    process.exit(1);
  },
);
const shutdown = () => {
  setTimeout(() => process.exit(0), 1500).unref();
  server.close().then(() => process.exit(0), () => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);
