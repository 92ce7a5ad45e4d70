package net.oneview.chatticket.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.oneview.chatticket.avro.SchemaRegistries;
import net.oneview.chatticket.avro.SchemaRegistry;
import net.oneview.chatticket.avro.SchemaRegistryException;
import net.oneview.chatticket.streams.StartCheck;
import net.oneview.chatticket.streams.StreamsProperties;
import net.oneview.chatticket.streams.TopicProperties;
import org.apache.avro.Schema;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With {@code chat-ticket.auto-register-schemas=false} the service only looks its schemas up, so all of them must be
 * registered beforehand. Checked at start-up: a missing one stops the service with the list of what is missing,
 * instead of failing the first record that needs it, and again after every replacement of the stream thread.
 */
@Component
@Order(2)
class SchemaCheck implements StartCheck {

    private final StreamsProperties settings;
    private final TopicProperties topics;
    private final String registryUrl;
    private final boolean autoRegister;

    SchemaCheck(final StreamsProperties settings, final TopicProperties topics,
            @Value("${chat-ticket.schema-registry-url}") final String registryUrl,
            @Value("${chat-ticket.auto-register-schemas:true}") final boolean autoRegister) {
        this.settings = settings;
        this.topics = topics;
        this.registryUrl = registryUrl;
        this.autoRegister = autoRegister;
    }

    @Override
    public void verify() {
        if (autoRegister) {
            return;
        }
        final SchemaRegistry registry = SchemaRegistries.forUrl(registryUrl);
        final List<String> missing = new ArrayList<>();
        for (final Map.Entry<String, Schema> written : WrittenSchemas.of(settings.applicationId(), topics).entrySet()) {
            try {
                registry.lookup(written.getKey(), written.getValue());
            } catch (SchemaRegistryException e) {
                if (e.isTransient()) {
                    throw new IllegalStateException("chat-ticket.auto-register-schemas=false, and the schema registry "
                            + registryUrl + " cannot be asked whether the service's schemas are there: " + e.getMessage(), e);
                }
                missing.add(written.getKey() + " (" + written.getValue().getFullName() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("chat-ticket.auto-register-schemas=false, but the schema registry does not "
                    + "have these schemas the service writes: " + String.join(", ", missing)
                    + ". Register them (the files are in schemas/), or let the service register them.");
        }
    }
}
