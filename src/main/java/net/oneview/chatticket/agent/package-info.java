/**
 * Agents: the online/offline HTTP endpoints that publish agent-status events, and the store 'agents' that holds
 * each agent's status and tickets for the HTTP reads (and whether it can be queried here: readiness).
 */
package net.oneview.chatticket.agent;
