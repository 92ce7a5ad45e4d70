/**
 * The wiring above the features: the one Kafka Streams topology that joins agent status, ticket routing, assignment,
 * agents' lists and decision history, the schemas it writes, and the Spring configuration that builds and starts it.
 * Features import {@code streams} (plumbing) and never this package.
 */
package net.oneview.chatticket.topology;
