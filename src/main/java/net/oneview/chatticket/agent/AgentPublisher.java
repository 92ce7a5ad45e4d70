package net.oneview.chatticket.agent;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.oneview.chatticket.web.ApiException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes what an HTTP request says about an agent (key = agent id) and returns only once the broker has it
 * (acks=all), so that the request's answer never promises what Kafka does not hold.
 */
@Component
public class AgentPublisher {

    private static final Logger log = LoggerFactory.getLogger(AgentPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaTemplate<String, SpecificRecord> producer;

    AgentPublisher(final KafkaTemplate<String, SpecificRecord> producer) {
        this.producer = producer;
    }

    /**
     * @param what what the event is, for messages
     * @throws ApiException 503 when the broker does not take the event in time (it is down or unreachable)
     */
    public void send(final String topic, final String agentId, final SpecificRecord event, final String what) {
        try {
            producer.send(topic, agentId, event).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (TimeoutException e) {
            throw unavailable(agentId, what, e);
        } catch (ExecutionException | RuntimeException e) {  // failed delivery, or send() failed at once (metadata)
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RetriableException) {  // broker down or unreachable, metadata or delivery timeout
                    throw unavailable(agentId, what, cause);
                }
            }
            throw new IllegalStateException(what + " of " + agentId + " not acknowledged", e);
        }
    }

    private static ApiException unavailable(final String agentId, final String what, final Throwable cause) {
        log.warn("{} of {} not acknowledged: the broker is unavailable ({})", what, agentId, cause.toString());
        return ApiException.unavailable("the broker did not acknowledge the " + what);
    }
}
