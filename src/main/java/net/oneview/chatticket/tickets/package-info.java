/** {@code GET /v1/{agentID}/tickets}: an agent's tickets as the blueprint's Ticket, most urgent first. */
package net.oneview.chatticket.tickets;
