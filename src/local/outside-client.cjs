// make bench's `outside` phase: the service as a Node.js producer and consumer (kafkajs) see it. Registers the
// TicketCreated schema itself, writes Confluent-framed tickets into a queue nobody serves and counts the QUEUED
// decisions on ticket-assignments (read_committed); before that, the same client's own produce-consume pipe.
//   node outside-client.cjs BOOTSTRAP REGISTRY_URL SCHEMA_FILE TICKETS_TOPIC DECISIONS_TOPIC PIPE_TOPIC PIPE WARMUP TICKETS
// Prints one JSON line of figures.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { Kafka, logLevel } = require('kafkajs');

const [bootstrap, registry, schemaFile, ticketsTopic, decisionsTopic, pipeTopic, pipeN, warmupN, ticketsN] =
  process.argv.slice(2);
const kafka = new Kafka({ clientId: 'outside-client', brokers: [bootstrap], logLevel: logLevel.ERROR });
const CHUNK = 500;
const IN_FLIGHT = 4;

function varint(value) { // Avro's zig-zag long
  let v = (BigInt(value) << 1n) ^ (BigInt(value) >> 63n);
  const bytes = [];
  while (v > 0x7fn) {
    bytes.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}

function string(text) {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([varint(utf8.length), utf8]);
}

// TicketCreated in field order: id, createdAt, queue, channel (union), content, metadata, statusReason (null),
// priority, customer, preferredAgentId (null)
function ticket(schemaId, id, priority) {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, string(id), varint(Date.now()), string('outside'), varint(1), string('chat'),
    string('{"text":"I need help with my order"}'), varint(0), varint(0), varint(priority), varint(0), varint(0)]);
}

async function register(subject) {
  const response = await fetch(`${registry}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: fs.readFileSync(schemaFile, 'utf8') }),
  });
  if (!response.ok) {
    throw new Error(`registering ${subject}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()).id;
}

/** Sends the messages in chunks, a few chunks in flight at a time. */
async function sendAll(producer, topic, messages) {
  for (let i = 0; i < messages.length; i += CHUNK * IN_FLIGHT) {
    const sends = [];
    for (let j = i; j < Math.min(messages.length, i + CHUNK * IN_FLIGHT); j += CHUNK) {
      sends.push(producer.send({ topic, acks: -1, messages: messages.slice(j, j + CHUNK) }));
    }
    await Promise.all(sends);
  }
}

/** A read_committed consumer of the topic from its start, counting records; resolves once it has joined its group. */
async function counter(topic) {
  const consumer = kafka.consumer({ groupId: `outside-${crypto.randomUUID()}`, readUncommitted: false });
  const state = { count: 0, consumer };
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({ eachBatch: async ({ batch }) => { state.count += batch.messages.length; } });
  await joined;
  return state;
}

async function until(state, count, timeoutMillis) {
  const deadline = Date.now() + timeoutMillis;
  while (state.count < count) {
    if (Date.now() > deadline) {
      throw new Error(`saw ${state.count} of ${count} records`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: pipeTopic, numPartitions: 6, replicationFactor: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const schemaId = await register(`${ticketsTopic}-value`);
  const messages = (n) => Array.from({ length: n }, () => {
    const id = crypto.randomUUID();
    return { key: id, value: ticket(schemaId, id, 1 + Math.floor(Math.random() * 5)) };
  });

  const pipe = await counter(pipeTopic);
  const pipeMessages = messages(Number(pipeN));
  let start = process.hrtime.bigint();
  await sendAll(producer, pipeTopic, pipeMessages);
  await until(pipe, pipeMessages.length, 300_000);
  const pipeSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  await pipe.consumer.disconnect();

  const decisions = await counter(decisionsTopic);
  await sendAll(producer, ticketsTopic, messages(Number(warmupN)));
  await until(decisions, Number(warmupN), 600_000);
  const measured = messages(Number(ticketsN));
  start = process.hrtime.bigint();
  await sendAll(producer, ticketsTopic, measured);
  await until(decisions, Number(warmupN) + measured.length, 600_000);
  const queuedSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  await decisions.consumer.disconnect();
  await producer.disconnect();

  console.log(JSON.stringify({
    ticket_bytes: pipeMessages[0].value.length,
    pipe_records: pipeMessages.length,
    pipe_per_s: pipeMessages.length / pipeSeconds,
    warmup_tickets: Number(warmupN),
    tickets: measured.length,
    queued_per_s: measured.length / queuedSeconds,
  }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
