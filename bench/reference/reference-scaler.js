// Copied unchanged (below this header) from /work/shared/tools/reference-scaler.js, the team's shared
// benchmark tool (issue 18): data for bench/, run by src/test/java/io/sparkscale/bench/ReferenceScaler.java.
// A never-blocking reference scaler: the latency floor that `sparkscale serve` is compared with, in the
// same run on the same machine: stale-while-revalidate cache, async listings, no parked callers.
// usage: NODE_MODULES=DIR node reference-scaler.js serve --port P --http-port H --s3-endpoint URL [--cache-ttl SECONDS]
// Counts objects under bucket/prefix (suffix filter) with plain ListObjectsV2 (unsigned, path style).
const http = require('http');
const path = require('path');
const grpc = require(process.env.NODE_MODULES + '/@grpc/grpc-js');
const loader = require(process.env.NODE_MODULES + '/@grpc/proto-loader');
const proto = process.env.KEDA_PROTO || path.join(__dirname, '..', 'reference', 'keda-v2.20.2', 'externalscaler.proto');
const pkg = grpc.loadPackageDefinition(loader.loadSync(proto, { keepCase: true, longs: Number, defaults: true })).externalscaler;
const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const port = arg('--port'), endpoint = new URL(arg('--s3-endpoint'));
const ttl = Number(arg('--cache-ttl', '10')) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const cache = new Map(); // key -> { value, at, refreshing, waiters }

function page(bucket, prefix, token) {
  const q = new URLSearchParams({ 'list-type': '2', prefix, 'max-keys': '1000' });
  if (token) q.set('continuation-token', token);
  return new Promise((resolve, reject) => {
    http.get({ host: endpoint.hostname, port: endpoint.port, path: `/${bucket}?${q}`, agent }, (res) => {
      let body = ''; res.setEncoding('utf8'); res.on('data', (c) => (body += c));
      res.on('end', () => res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}`)));
    }).on('error', reject);
  });
}
async function list(m) {
  let n = 0, token = null;
  do {
    const x = await page(m.bucket, m.prefix || '', token);
    for (const k of x.matchAll(/<Key>([^<]*)<\/Key>/g)) if (!m.suffix || k[1].endsWith(m.suffix)) n++;
    const t = x.match(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/);
    token = t ? t[1] : null;
  } while (token);
  return n;
}
function refresh(key, m, e) {
  e.refreshing = true;
  list(m).then((v) => { e.value = v; e.at = Date.now(); }, () => {})
    .finally(() => { e.refreshing = false; for (const w of e.waiters.splice(0)) w(); });
}
function count(m) {
  const key = JSON.stringify([m.bucket, m.prefix, m.suffix]);
  let e = cache.get(key);
  if (!e) { e = { value: null, at: 0, refreshing: false, waiters: [] }; cache.set(key, e); }
  if (Date.now() - e.at > ttl && !e.refreshing) refresh(key, m, e);
  if (e.value !== null) return Promise.resolve(e.value);
  return new Promise((resolve) => e.waiters.push(() => resolve(e.value)));
}
const meta = (call) => (call.request.scaledObjectRef || call.request).scalerMetadata || {};
const server = new grpc.Server();
server.addService(pkg.ExternalScaler.service, {
  GetMetricSpec: (call, cb) => cb(null, { metricSpecs: [{ metricName: 's3-objects', targetSize: 5 }] }),
  GetMetrics: (call, cb) => count(meta(call)).then((v) => v === null
    ? cb({ code: grpc.status.UNAVAILABLE, details: 'no count' })
    : cb(null, { metricValues: [{ metricName: 's3-objects', metricValue: v }] })),
  IsActive: (call, cb) => count(meta(call)).then((v) => v === null
    ? cb({ code: grpc.status.UNAVAILABLE, details: 'no count' }) : cb(null, { result: v > 0 })),
  StreamIsActive: (call) => call.end(),
});
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), () => {});
process.on('SIGTERM', () => process.exit(0));
