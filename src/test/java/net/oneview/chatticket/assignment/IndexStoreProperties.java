package net.oneview.chatticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import net.oneview.chatticket.testing.GeneratedCases;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Both index stores answer every look-up as a plain sorted map would, whatever the order of writes, deletions and
 * look-ups (and steps from a key to the next): the RocksDB one with its floors (keys written below a floor, heads
 * deleted after a look-up, prefixes emptied and filled again), the mirrored one with its copy. Real stores, changelog
 * off.
 */
class IndexStoreProperties {

    private static final List<String> PREFIXES = List.of("p\u001f*\u001f", "p\u001fa\u001f", "p\u001fab\u001f");
    private static final int CASES = 200;

    /** kind 0-1: put, 2: delete, 3: look-up; key = prefix + a 3-digit rank. */
    record Step(int kind, int prefix, int rank) {
    }

    @Test
    void rocksIndexAnswersAsASortedMap() {
        GeneratedCases.check(CASES, IndexStoreProperties::steps, GeneratedCases::shorter,
                steps -> check(steps, Stores.persistentKeyValueStore("index"), RocksIndexStore::new));
    }

    @Test
    void mirroredIndexAnswersAsASortedMap() {
        GeneratedCases.check(CASES, IndexStoreProperties::steps, GeneratedCases::shorter,
                steps -> check(steps, Stores.inMemoryKeyValueStore("index"), MirroredIndexStore::new));
    }

    @Test
    void rocksIndexKeepsNoFloorForAPrefixFoundEmpty() throws IOException {
        try (RealStores stores = new RealStores()) {
            final RocksIndexStore index = new RocksIndexStore(stores.open(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore("index"), Serdes.String(), Serdes.String())));
            index.put("p\u001fkept\u001f001", "v1");
            for (int queue = 0; queue < 1_000; queue++) {
                final String prefix = "p\u001fq" + queue + "\u001f";
                index.put(prefix + "001", "v1");
                try (Stream<Map.Entry<String, String>> scan = index.scan(prefix)) {
                    assertThat(scan.count()).isOne();
                }
                index.delete(prefix + "001");
                try (Stream<Map.Entry<String, String>> scan = index.scan(prefix)) {
                    assertThat(scan.count()).isZero();
                }
            }
            try (Stream<Map.Entry<String, String>> scan = index.scan("p\u001fkept\u001f")) {
                assertThat(scan.count()).isOne();
            }

            assertThat(index.floors()).as("prefixes with a floor: the one that holds a key").isOne();
        }
    }

    private static void check(final List<Step> steps, final KeyValueBytesStoreSupplier supplier,
            final Function<KeyValueStore<String, String>, IndexStore> index) throws IOException {
        try (RealStores stores = new RealStores()) {
            final IndexStore indexStore = index.apply(
                    stores.open(Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.String())));
            final TreeMap<String, String> model = new TreeMap<>();
            for (final Step step : steps) {
                final String prefix = PREFIXES.get(step.prefix());
                final String key = prefix + String.format("%03d", step.rank());
                switch (step.kind()) {
                    case 0, 1 -> {
                        indexStore.put(key, "v" + step.rank());
                        model.put(key, "v" + step.rank());
                    }
                    case 2 -> {
                        indexStore.delete(key);
                        model.remove(key);
                    }
                    default -> {
                        final List<Map.Entry<String, String>> expected = model.tailMap(prefix, true).entrySet().stream()
                                .takeWhile(entry -> entry.getKey().startsWith(prefix)).limit(3).toList();
                        try (Stream<Map.Entry<String, String>> scan = indexStore.scan(prefix)) {
                            assertThat(scan.limit(3).toList()).as("look-up of %s", prefix).isEqualTo(expected);
                        }
                        assertThat(indexStore.next(prefix)).as("next key from %s", prefix)
                                .isEqualTo(model.ceilingKey(prefix));
                    }
                }
            }
        }
    }

    /** Up to 80 steps, a look-up for every three writes on average, over few keys so that they meet. */
    private static List<Step> steps(final SplittableRandom random) {
        return Stream.generate(() -> new Step(random.nextInt(4), random.nextInt(PREFIXES.size()), random.nextInt(13)))
                .limit(random.nextInt(81))
                .toList();
    }
}
