/**
 * Each ticket's decisions, kept from {@code ticket-assignments} in the store {@code ticket-decisions} (restored from
 * {@code ticket-assignments} itself, with no changelog of its own) for the decision retention, and served to
 * supervisors at {@code GET /v1/tickets/{ticketId}/decisions}.
 */
package net.oneview.chatticket.decisions;
