/**
 * Kafka plumbing below the features: the topics and their serdes, the Kafka Streams lifecycle and health, what every
 * input record must have, and the dead-letter topic for records that cannot be read or applied. It imports no feature;
 * the topology that wires the features together is in {@code topology}.
 */
package net.oneview.chatticket.streams;
