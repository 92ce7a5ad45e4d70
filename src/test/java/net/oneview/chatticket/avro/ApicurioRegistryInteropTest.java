package net.oneview.chatticket.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import net.oneview.chatticket.events.TicketCreated;
import net.oneview.chatticket.events.TicketStatus;
import net.oneview.chatticket.events.TicketStatusChanged;
import net.oneview.chatticket.testing.ApicurioProcess;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serde against a real Confluent-compatible registry: Apicurio Registry 3.3.3 (the one `make run` starts),
 * started here on a free loopback port. Skipped, saying why, where no Java 21+ or no Apicurio download exists.
 */
class ApicurioRegistryInteropTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApicurioProcess registry;
    private static String url;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = ApicurioProcess.start("apicurio-test.log");
        url = registry.url();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aRecordWrittenThroughTheRegistryIsReadByAnotherClient() throws Exception {
        final TicketCreated ticket = TicketCreated.newBuilder().setId("t-1").setCreatedAt(Instant.ofEpochMilli(1_572_499_999_000L))
                .setQueue("english").setContent("{\"a\":1}").setPriority(2).build();
        final byte[] bytes = new ConfluentAvroSerializer<TicketCreated>(Map.of("schema.registry.url", url), false)
                .serialize("interop-ticket-created", ticket);

        // "localhost" instead of 127.0.0.1: a separate client, with none of the writer's caches
        final String otherClient = url.replace("127.0.0.1", "localhost");
        final Object read = new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", otherClient,
                "specific.avro.reader", true), false).deserialize("interop-ticket-created", bytes);

        assertThat(read).isEqualTo(ticket);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId("interop-ticket-created-value"));
    }

    @Test
    void readsBytesFramedByAnotherImplementationOfTheFormat() throws Exception {
        // What another team's Confluent serializer does: register over REST, then 0x00 + id + Avro binary.
        final String schema = TicketStatusChanged.getClassSchema().toString();
        final String body = new ObjectMapper().writeValueAsString(Map.of("schema", schema));
        final int id = new ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/subjects/interop-status-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("id").asInt();
        final GenericRecord record = new GenericData.Record(TicketStatusChanged.getClassSchema());
        record.put("ticketId", "t-2");
        record.put("status", new GenericData.EnumSymbol(TicketStatus.getClassSchema(), "CLOSED"));
        record.put("time", 42L);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();

        final Object read = new ConfluentAvroDeserializer<>(Map.of("schema.registry.url", url,
                "specific.avro.reader", true), false).deserialize("interop-status", out.toByteArray());

        assertThat(read).isEqualTo(TicketStatusChanged.newBuilder().setTicketId("t-2").setStatus(TicketStatus.CLOSED)
                .setTime(Instant.ofEpochMilli(42)).build());
    }

    @Test
    void theRegistrysErrorCodesBecomeClearErrors() {
        final SchemaRegistry client = SchemaRegistries.forUrl(url);

        assertThatThrownBy(() -> client.lookup("interop-nobody-value", TicketStatusChanged.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> client.byId(987_654))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> new ConfluentAvroSerializer<TicketStatusChanged>(Map.of("schema.registry.url", url,
                "auto.register.schemas", false), false).serialize("interop-unregistered", TicketStatusChanged.newBuilder()
                .setTicketId("x").setStatus(TicketStatus.CLOSED).setTime(Instant.EPOCH).build()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("40401");
    }

    @Test
    void anUnreachableRegistryIsReportedAsSuch() {
        assertThatThrownBy(() -> SchemaRegistries.forUrl("http://127.0.0.1:9/apis/ccompat/v7").byId(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isNegative());
    }

    private static int latestId(final String subject) throws Exception {
        final String body = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body).get("id").asInt();
    }
}
