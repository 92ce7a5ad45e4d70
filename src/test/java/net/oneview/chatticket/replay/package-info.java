/**
 * What-if replay: input events exported from the topics over a time range ({@code make export}) are replayed
 * offline through the production topology (TopologyTestDriver, no broker) under the production rules and under other
 * rules (assignment and routing), and the waits, starvation, overflows and agent utilisation of both are printed side
 * by side ({@code make replay}).
 */
package net.oneview.chatticket.replay;
