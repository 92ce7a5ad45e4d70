package net.oneview.chatticket.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic: its name and the serdes of its keys and values, so that no topic is a loose string. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde).withName(name + "-source");
    }

    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde).withName(name + "-sink");
    }
}
