package net.oneview.chatticket.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * Kafka's own metrics. Spring Boot binds those of the agent-status producer (its producer factory's
 * {@code MicrometerProducerListener}); the Kafka Streams client is not made by a factory bean Boot knows, so
 * {@code StreamsLifecycle} tells this listener when it makes and closes it.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /** Kafka Streams' metrics (client, threads, tasks) and those of its consumers and producers. */
    @Bean
    KafkaStreamsMicrometerListener streamsLifecycleMetrics(final MeterRegistry registry) {
        return new KafkaStreamsMicrometerListener(registry);
    }
}
