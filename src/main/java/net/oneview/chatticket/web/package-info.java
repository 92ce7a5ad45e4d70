/**
 * The HTTP edge: bearer-token security, CORS for the allowed browser origins, the check that a caller only reads its
 * own agent, the blueprint's error body (UTF-8) for every error answer, the OpenAPI description, the agent or ticket
 * id of a request's path in the log context, and the browser pages (the supervisor's view, the agent's desk).
 */
package net.oneview.chatticket.web;
