package net.oneview.chatticket.streams;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The address other instances reach this one at for interactive queries, and the check that no other member of the
 * group advertises it too. On a real deployment every pod listening on 0.0.0.0:8080 would otherwise advertise
 * localhost:8080, and every query for a key held elsewhere would be asked of the wrong instance.
 */
final class AdvertisedAddress {

    private AdvertisedAddress() {
    }

    /**
     * The host to advertise when none is configured: the address the web server is bound to, if it is one; localhost
     * when the brokers are on this machine too (a local run); otherwise this host's own (not loopback) address.
     */
    static String defaultHost(final String serverAddress, final String bootstrapServers) {
        if (serverAddress != null && !serverAddress.isBlank() && !serverAddress.equals("0.0.0.0")
                && !serverAddress.equals("::")) {
            return serverAddress;
        }
        if (Arrays.stream(bootstrapServers.split(",")).map(String::trim).allMatch(AdvertisedAddress::loopback)) {
            return "localhost";
        }
        return siteAddress();
    }

    /**
     * Whether another member of the group may advertise this instance's address: Streams then files that member's
     * partitions under this address too, so the metadata gives this address partitions its own threads do not have.
     * Right after a rebalance the two views can differ for a moment, so only an answer that lasts means a collision.
     */
    static boolean sharedWithAnotherMember(final KafkaStreams streams, final HostInfo self) {
        final Set<TopicPartition> local = streams.metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks).flatMap(Set::stream)
                .flatMap(task -> task.topicPartitions().stream()).collect(Collectors.toSet());
        return streams.metadataForAllStreamsClients().stream()
                .filter(member -> member.hostInfo().equals(self))
                .map(StreamsMetadata::topicPartitions)
                .anyMatch(advertised -> !local.containsAll(advertised));
    }

    private static boolean loopback(final String server) {
        final String host = server.startsWith("[") ? server.substring(1, server.indexOf(']'))
                : server.substring(0, server.lastIndexOf(':') < 0 ? server.length() : server.lastIndexOf(':'));
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String siteAddress() {
        try {
            final InetAddress local = InetAddress.getLocalHost();
            if (!local.isLoopbackAddress()) {
                return local.getHostAddress();
            }
            for (final NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (final InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
            return local.getHostAddress();
        } catch (UnknownHostException | SocketException e) {
            throw new IllegalStateException("cannot find this host's address to advertise for interactive queries: "
                    + "set chat-ticket.streams.application-server", e);
        }
    }
}
