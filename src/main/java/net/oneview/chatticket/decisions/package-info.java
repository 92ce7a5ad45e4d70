/**
 * Each ticket's decisions, kept from {@code ticket-assignments} in the window store {@code ticket-decisions} for the
 * decision retention, and served to supervisors at {@code GET /v1/tickets/{ticketId}/decisions}.
 */
package net.oneview.chatticket.decisions;
