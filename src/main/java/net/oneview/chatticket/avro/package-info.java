/**
 * Avro on Kafka in Confluent's wire format: the serializer, deserializer and serde, and the clients of the
 * schema registry (Confluent REST API, or an in-JVM registry for {@code mock://} URLs).
 */
package net.oneview.chatticket.avro;
