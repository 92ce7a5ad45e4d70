/**
 * Kafka plumbing: the topics and their serdes, the topology that wires agents, routing and assignment together,
 * the Kafka Streams lifecycle, and the dead-letter topic for records that cannot be read.
 */
package net.oneview.chatticket.streams;
