/**
 * What a log line is about: the agent and ticket ids put into the log context (MDC), which structured logs (the
 * {@code json-logs} profile) show as fields. Never a token, never a ticket's content.
 */
package net.oneview.chatticket.logging;
