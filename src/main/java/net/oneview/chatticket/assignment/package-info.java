/**
 * Where tickets get assigned. {@link net.oneview.chatticket.assignment.AssignmentEngine} decides in plain Java
 * over a {@link net.oneview.chatticket.assignment.PoolState}, with {@link net.oneview.chatticket.assignment.Routes}
 * saying who may take a waiting ticket ({@link net.oneview.chatticket.assignment.RoutingProperties}); the processors
 * route tickets to their pool and run the engine on the pool's state stores.
 */
package net.oneview.chatticket.assignment;
