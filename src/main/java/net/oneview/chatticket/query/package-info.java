/**
 * Interactive queries: read a key from a Kafka Streams store on this instance, or ask the instance that holds it.
 */
package net.oneview.chatticket.query;
