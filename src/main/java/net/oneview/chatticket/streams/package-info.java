/**
 * Kafka plumbing: the topics and their serdes, the topology that wires agents, routing and assignment together,
 * the Kafka Streams lifecycle, what every input record must have, and the dead-letter topic for records that cannot
 * be read or applied.
 */
package net.oneview.chatticket.streams;
