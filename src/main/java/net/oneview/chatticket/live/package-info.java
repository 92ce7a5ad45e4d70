/**
 * Live streams (Server-Sent Events): an agent's tickets pushed to its desktop as they change, and the supervisor's
 * counts; written without blocking, bounded per connection and per caller, served by any instance.
 */
package net.oneview.chatticket.live;
