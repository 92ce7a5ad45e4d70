/** What the tests share across capabilities: generated test cases that can be replayed from their seed. */
package net.oneview.chatticket.testing;
