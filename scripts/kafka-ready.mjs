#!/usr/bin/env node
// One readiness probe against a Kafka broker, used by scripts/services.sh.
// Exits 0 when the broker answers a metadata round-trip through kafkajs
// (describeCluster + listTopics), 1 otherwise. services.sh calls it in a loop
// with its own deadline, so this does a single short attempt and no retries.
//
// usage: node scripts/kafka-ready.mjs [brokers]   (default $KAFKA_BROKERS or 127.0.0.1:19092)
//        VERBOSE=1 prints the failure reason on stderr.

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

const brokers = (process.argv[2] || process.env.KAFKA_BROKERS || "127.0.0.1:19092")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

let kafkajs;
try {
  kafkajs = await import("kafkajs");
} catch (err) {
  console.error(
    "kafka-ready: cannot load kafkajs (run `npm install` in the repo first): " + (err?.message ?? err),
  );
  process.exit(2);
}
const { Kafka, logLevel } = kafkajs.default ?? kafkajs;

const kafka = new Kafka({
  clientId: "fourflow-services-ready",
  brokers,
  connectionTimeout: 2000,
  requestTimeout: 5000,
  retry: { retries: 0 },
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();

const timer = setTimeout(() => {
  if (process.env.VERBOSE) console.error("kafka-ready: probe timed out");
  process.exit(1);
}, 10_000);
timer.unref();

try {
  await admin.connect();
  const cluster = await admin.describeCluster();
  if (!cluster.brokers?.length) throw new Error("describeCluster returned no brokers");
  if (cluster.controller == null || cluster.controller < 0) throw new Error("no active controller yet");
  await admin.listTopics();
  await admin.disconnect();
  process.exit(0);
} catch (err) {
  if (process.env.VERBOSE) console.error("kafka-ready: " + (err?.message ?? err));
  try {
    await admin.disconnect();
  } catch {}
  process.exit(1);
}
