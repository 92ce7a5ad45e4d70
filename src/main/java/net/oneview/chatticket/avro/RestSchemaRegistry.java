package net.oneview.chatticket.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API (also served by Apicurio at {@code /apis/ccompat/v7}).
 * Both directions are cached: a schema is sent to the registry once per subject, an id is fetched once.
 */
final class RestSchemaRegistry implements SchemaRegistry {

    private static final long REFUSAL_MEMORY_MS = 60_000;

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Map<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<UUID, Schema> schemasByGuid = new ConcurrentHashMap<>();
    private final Map<Object, Refusal> refusals = new ConcurrentHashMap<>();

    RestSchemaRegistry(final String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(new SubjectSchema(subject, schema),
                k -> remember(post("/subjects/" + encode(subject) + "/versions", schema), schema));
    }

    @Override
    public int lookup(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(new SubjectSchema(subject, schema),
                k -> remember(post("/subjects/" + encode(subject), schema), schema));
    }

    @Override
    public Schema byId(final int id) {
        return rememberingRefusals(id, () -> schemasById.computeIfAbsent(id, i -> parse(get("/schemas/ids/" + i))));
    }

    @Override
    public Schema byGuid(final UUID guid) {
        return rememberingRefusals(guid,
                () -> schemasByGuid.computeIfAbsent(guid, g -> parse(get("/schemas/guids/" + g))));
    }

    @Override
    public boolean answersAtOnce(final Object reference) {
        final Refusal refusal = refusals.get(reference);
        return schemasById.containsKey(reference) || schemasByGuid.containsKey(reference)
                || refusal != null && refusal.until() > System.currentTimeMillis();
    }

    /**
     * A schema the registry refused (not found: a record naming an id no producer registered) is refused again
     * without asking for {@value #REFUSAL_MEMORY_MS} ms: the record then reaches the dead letters even while the
     * registry is down, instead of waiting for it.
     */
    private Schema rememberingRefusals(final Object reference, final Supplier<Schema> fetch) {
        final Refusal refusal = refusals.get(reference);
        if (refusal != null && refusal.until() > System.currentTimeMillis()) {
            throw refusal.error();
        }
        try {
            return fetch.get();
        } catch (SchemaRegistryException e) {
            if (!e.isTransient()) {
                refusals.put(reference, new Refusal(e, System.currentTimeMillis() + REFUSAL_MEMORY_MS));
            }
            throw e;
        }
    }

    private record Refusal(SchemaRegistryException error, long until) {
    }

    private int remember(final JsonNode answer, final Schema schema) {
        final int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(0, 0, "schema registry answered without an id: " + answer);
        }
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private static Schema parse(final JsonNode answer) {
        return new Schema.Parser().parse(answer.path("schema").asText());
    }

    private JsonNode post(final String path, final Schema schema) {
        final String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString(), "schemaType", "AVRO"));
        } catch (IOException e) {
            throw new SchemaRegistryException(0, 0, "cannot encode schema " + schema.getFullName() + ": " + e);
        }
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode get(final String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE + ", application/json");
    }

    private JsonNode send(final HttpRequest request) {
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry " + baseUrl + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry", e);
        }
        final JsonNode answer = readJson(response.body());
        if (response.statusCode() >= 300) {
            final int code = answer.path("error_code").asInt(response.statusCode());
            throw new SchemaRegistryException(response.statusCode(), code,
                    answer.path("message").asText(request.method() + " " + request.uri() + " -> HTTP " + response.statusCode()));
        }
        return answer;
    }

    private static JsonNode readJson(final String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    /**
     * A cache key that costs nothing per record: Avro caches a schema's hash, and the serializers pass the same
     * schema instance every time, which equals() answers by identity (profiled: rendering the schema to JSON text
     * for the key took a third of the stream thread).
     */
    private record SubjectSchema(String subject, Schema schema) {
    }

    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
