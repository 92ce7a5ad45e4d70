package net.oneview.chatticket.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupResult;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A static member that comes back within its session gets its old assignment without a rebalance, so the group's
 * leader never runs the assignor, which is what creates the internal topics of stores and repartitions that a new
 * version of the topology added: their tasks would wait for a changelog that nobody creates, for good (found on a
 * restart of {@code make run} after a store was added). So when this instance's topology differs from the one it ran
 * last (a fingerprint of its description, kept in the state directory; a state directory with tasks' state but no
 * fingerprint was written by a version before this one), it first removes its static members from the
 * group (one per stream thread: Kafka Streams gives each thread's consumer the instance id with "-" and the thread's
 * number): it then joins as a new member, which makes the group rebalance once and the leader create what is missing.
 * An unchanged topology restarts without a rebalance, as before.
 */
final class TopologyChange {

    private static final Logger log = LoggerFactory.getLogger(TopologyChange.class);
    private static final String FILE = "topology.fingerprint";

    private TopologyChange() {
    }

    /**
     * @param stateDir the application's state directory ({@code state.dir}/{@code application.id})
     */
    static void rejoinIfChanged(final Topology topology, final Path stateDir, final String bootstrapServers,
            final String groupId, final String instanceId, final int threads) {
        final String fingerprint = fingerprint(topology);
        final Path file = stateDir.resolve(FILE);
        try {
            if (Files.exists(file) ? Files.readString(file).trim().equals(fingerprint) : !ranBefore(stateDir)) {
                Files.createDirectories(stateDir);
                Files.writeString(file, fingerprint + "\n");
                return;  // unchanged, or no state at all (new, or wiped): it rejoins as its static members did
            }
            removeStaticMembers(bootstrapServers, groupId, IntStream.rangeClosed(1, threads)
                    .mapToObj(thread -> instanceId + "-" + thread).toList());
            Files.createDirectories(stateDir);
            Files.writeString(file, fingerprint + "\n");
        } catch (IOException e) {
            log.warn("could not keep the topology's fingerprint in {}: {}", file, e.toString());
        }
    }

    /**
     * Whether the directory holds tasks' state (a version without fingerprints ran here). A new or wiped one does not:
     * removing its members then would only cost a rebalance (measured: a restart after the state was wiped took 65 s
     * instead of 8 s in make bench restart).
     */
    private static boolean ranBefore(final Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(stateDir)) {
            return entries.anyMatch(entry -> Files.isDirectory(entry)
                    && entry.getFileName().toString().matches("\\d+_\\d+"));
        }
    }

    static String fingerprint(final Topology topology) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(topology.describe().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void removeStaticMembers(final String bootstrapServers, final String groupId,
            final List<String> members) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            final List<MemberToRemove> toRemove = members.stream().map(MemberToRemove::new).toList();
            final RemoveMembersFromConsumerGroupResult result = admin.removeMembersFromConsumerGroup(groupId,
                    new RemoveMembersFromConsumerGroupOptions(toRemove));
            final List<String> removed = new ArrayList<>();
            for (final MemberToRemove member : toRemove) {
                try {
                    result.memberResult(member).get(15, TimeUnit.SECONDS);
                    removed.add(member.groupInstanceId());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException
                            || e.getCause() instanceof UnknownMemberIdException)) {
                        log.warn("could not remove the static member {} of group {} after a topology change: {}; "
                                + "new internal topics are created at the group's next rebalance",
                                member.groupInstanceId(), groupId, e.getCause().toString());
                    }
                }
            }
            log.info("topology changed since this instance last ran: static members {} left group {} ({} were not in "
                    + "it), so that it rebalances and creates the topology's new internal topics", removed, groupId,
                    members.size() - removed.size());
        } catch (TimeoutException e) {
            log.warn("removing the static members {} of group {} timed out", members, groupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
