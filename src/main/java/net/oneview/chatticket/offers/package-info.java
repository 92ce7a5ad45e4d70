/** Offers as agents see them over HTTP: the pending offers, and accepting or declining one. */
package net.oneview.chatticket.offers;
