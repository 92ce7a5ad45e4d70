/**
 * The HTTP edge: bearer-token security, the check that a caller only reads its own agent, and the blueprint's error
 * body for every error answer.
 */
package net.oneview.chatticket.web;
