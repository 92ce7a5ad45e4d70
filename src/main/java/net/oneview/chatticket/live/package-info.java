/**
 * Live streams (Server-Sent Events): an agent's tickets pushed to its desktop as they change, and the supervisor's
 * counts; bounded per connection, served by any instance.
 */
package net.oneview.chatticket.live;
