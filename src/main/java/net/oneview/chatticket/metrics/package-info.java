/**
 * The service's own metrics (decisions, their latency, dead letters) and the binding of Kafka Streams' metrics, all
 * exported at {@code /actuator/prometheus}. Tags are bounded: decision kinds, pools, dead-letter reasons and topics,
 * never an agent or a ticket id.
 */
package net.oneview.chatticket.metrics;
