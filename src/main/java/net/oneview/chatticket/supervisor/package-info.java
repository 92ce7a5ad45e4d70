/**
 * The supervisor's view: waiting tickets, oldest waits, agents and free capacity per queue and pool, counted from the
 * pools' state stores on every instance; served as {@code GET /v1/queues}, a live stream, a web page and metrics.
 */
package net.oneview.chatticket.supervisor;
