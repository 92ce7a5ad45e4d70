package net.oneview.chatticket.query;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * This instance's copy of one partition of the stores, as a query reads it: pinned to the key's partition (so a
 * partition that moves away mid-query fails the query instead of answering "absent"), and either the active copy or,
 * when {@code standby}, a standby's, which may lag.
 */
public record LocalStores(KafkaStreams streams, int partition, boolean standby) {

    public <T> T store(final String name, final QueryableStoreType<T> type) {
        final StoreQueryParameters<T> query = StoreQueryParameters.fromNameAndType(name, type).withPartition(partition);
        return streams.store(standby ? query.enableStaleStores() : query);
    }
}
