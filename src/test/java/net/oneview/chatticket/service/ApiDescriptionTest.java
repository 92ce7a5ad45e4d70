package net.oneview.chatticket.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.oneview.chatticket.service.ApiBlueprint.Action;
import net.oneview.chatticket.service.ApiBlueprint.Field;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description the running service serves at /v3/api-docs, without a token, against the blueprint: every
 * path, method and status of the blueprint is there, each body with the blueprint's fields (names, types, required,
 * nested structures, enum values) and each error with the blueprint's message; the blueprint's paths take no other
 * method; the only paths and fields beyond the blueprint are the allowed ones below.
 */
class ApiDescriptionTest extends ServiceTestSupport {

    /** Served paths the blueprint does not have: each is an endpoint of the service's own. */
    private static final Set<String> BEYOND_THE_BLUEPRINT = Set.of(
            "/v1/tickets/{ticketId}/decisions",   // a ticket's decisions, for supervisors
            "/v1/{agentID}/tickets/stream",       // the agent's tickets as they change (server-sent events)
            "/v1/stream-tickets",
            "/v1/queues",                         // the queues, for supervisors
            "/v1/queues/stream",
            "/v1/{agentID}/offers",               // offers (chat-ticket.offers.timeout > 0): pending, answered
            "/v1/{agentID}/offers/{ticketId}/accept",
            "/v1/{agentID}/offers/{ticketId}/decline",
            "/v1/{agentID}/ready");                // the agent's wrap-ups end
    /**
     * Served fields the blueprint's structures do not have: each optional (never required) and left out of an answer
     * when empty, so that a client of the blueprint gets its fields only unless the agent's token says more.
     */
    private static final Map<String, Set<String>> FIELDS_BEYOND_THE_BLUEPRINT = Map.of(
            "AgentInfo", Set.of("queueLevels", "channelCapacity"));  // the token's levels and capacity per channel
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");

    private final ApiBlueprint blueprint = ApiBlueprint.read();

    @Test
    void theBlueprintIsReadWhole() {
        assertThat(blueprint.actions()).extracting(action -> action.method() + " " + action.path())
                .containsExactly("GET /v1/{agentID}/tickets", "PUT /v1/{agentID}/online", "PUT /v1/{agentID}/offline");
        final List<String> unknown = new ArrayList<>();
        for (final Action action : blueprint.actions()) {
            assertThat(action.responses()).as(action.path()).isNotEmpty().containsKey(200);
            action.responses().values().stream().filter(type -> type != null && !known(type)).forEach(unknown::add);
        }
        blueprint.structures().forEach((name, fields) -> {
            assertThat(fields).as(name).isNotEmpty();
            fields.stream().filter(field -> !known(field.type()))
                    .forEach(field -> unknown.add(name + "." + field.name()));
        });
        blueprint.enums().forEach((name, values) -> assertThat(values).as(name).isNotEmpty());
        assertThat(unknown).as("types the blueprint names but does not define").isEmpty();
    }

    @Test
    void everyPathMethodStatusAndBodyOfTheBlueprintIsDescribed() throws Exception {
        final JsonNode docs = description();
        final List<String> problems = new ArrayList<>();
        for (final Action action : blueprint.actions()) {
            final String where = action.method() + " " + action.path();
            final JsonNode operation = docs.path("paths").path(action.path())
                    .path(action.method().toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                problems.add(where + ": not described");
                continue;
            }
            for (final Map.Entry<Integer, String> response : action.responses().entrySet()) {
                final JsonNode served = operation.path("responses").path(response.getKey().toString());
                if (served.isMissingNode()) {
                    problems.add(where + " " + response.getKey() + ": not described");
                } else if (response.getValue() != null) {
                    final JsonNode body = served.path("content").path("application/json");
                    compare(docs, response.getValue(), body.path("schema"), where + " " + response.getKey(), problems);
                    compareErrorExample(response.getKey(), response.getValue(), body.path("example"),
                            where + " " + response.getKey(), problems);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theBlueprintsPathsTakeNoOtherMethod() throws Exception {
        final JsonNode paths = description().path("paths");
        for (final String path : blueprint.actions().stream().map(Action::path).collect(Collectors.toSet())) {
            final Set<String> methods = blueprint.actions().stream().filter(action -> action.path().equals(path))
                    .map(action -> action.method().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            assertThat(paths.path(path).propertyNames().stream().filter(METHODS::contains)).as(path)
                    .containsExactlyInAnyOrderElementsOf(methods);
        }
    }

    @Test
    void theOnlyPathsBeyondTheBlueprintAreTheAllowedOnes() throws Exception {
        final Set<String> served = new LinkedHashSet<>(description().path("paths").propertyNames());
        blueprint.actions().forEach(action -> served.remove(action.path()));

        assertThat(served).as("described paths that are neither the blueprint's nor allowed")
                .isSubsetOf(BEYOND_THE_BLUEPRINT);
    }

    /** The description, asked for without a token. */
    private JsonNode description() throws Exception {
        final HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + environment.getProperty("local.server.port") + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return json.readTree(answer.body());
    }

    /** Whether a type is the blueprint's own: a primitive, an array of a known type, a structure or an enum. */
    private boolean known(final String type) {
        return primitive(type) != null || element(type) != null && known(element(type))
                || blueprint.structures().containsKey(type) || blueprint.enums().containsKey(type);
    }

    /** Compares a served schema with the blueprint's type, recursively; each difference is a problem. */
    private void compare(final JsonNode docs, final String type, final JsonNode schema, final String where,
            final List<String> problems) {
        final JsonNode served = resolved(docs, schema);
        if (served.isMissingNode()) {
            problems.add(where + ": no schema (expected " + type + ")");
        } else if (element(type) != null) {
            if (!types(served).contains("array")) {
                problems.add(where + ": " + types(served) + " where the blueprint has " + type);
            } else {
                compare(docs, element(type), served.path("items"), where + "[]", problems);
            }
        } else if (blueprint.structures().containsKey(type)) {
            compareStructure(docs, type, served, where, problems);
        } else if (blueprint.enums().containsKey(type)) {
            final Set<String> values = new HashSet<>();
            served.path("enum").forEach(value -> values.add(value.asString()));
            if (!values.equals(Set.copyOf(blueprint.enums().get(type)))) {
                problems.add(where + ": values " + values + " where the blueprint has " + blueprint.enums().get(type));
            }
        } else {
            final String[] expected = primitive(type);
            final String format = served.path("format").asString(null);
            if (!types(served).contains(expected[0]) || expected[1] != null && !expected[1].equals(format)) {
                problems.add(where + ": " + types(served) + " " + format + " where the blueprint has " + type);
            }
        }
    }

    private void compareStructure(final JsonNode docs, final String type, final JsonNode served, final String where,
            final List<String> problems) {
        final List<Field> fields = blueprint.structures().get(type);
        final Set<String> names = fields.stream().map(Field::name).collect(Collectors.toCollection(LinkedHashSet::new));
        final Set<String> servedNames = new LinkedHashSet<>(served.path("properties").propertyNames());
        final Set<String> beyond = FIELDS_BEYOND_THE_BLUEPRINT.getOrDefault(type, Set.of());
        final Set<String> blueprintNames = new LinkedHashSet<>(servedNames);
        blueprintNames.removeAll(beyond);
        if (!blueprintNames.equals(names)) {
            problems.add(where + ": fields " + servedNames + " where the blueprint's " + type + " has " + names);
        }
        final Set<String> required = new HashSet<>();
        served.path("required").forEach(name -> required.add(name.asString()));
        beyond.stream().filter(required::contains)
                .forEach(name -> problems.add(where + " " + type + "." + name + ": required, beyond the blueprint"));
        for (final Field field : fields) {
            final String at = where + " " + type + "." + field.name();
            if (servedNames.contains(field.name())) {
                compare(docs, field.type(), served.path("properties").path(field.name()), at, problems);
            }
            if (field.required() != required.contains(field.name())) {
                problems.add(at + ": required " + required.contains(field.name()) + ", in the blueprint "
                        + field.required());
            }
        }
    }

    /** An error structure whose every field has an example (Error_404: 404, "not found") is the served example. */
    private void compareErrorExample(final int status, final String type, final JsonNode example, final String where,
            final List<String> problems) {
        final List<Field> fields = blueprint.structures().get(type);
        if (status < 400 || fields == null || fields.stream().anyMatch(field -> field.example() == null)) {
            return;
        }
        for (final Field field : fields) {
            final String served = example.path(field.name()).asString(null);
            if (!field.example().equals(served)) {
                problems.add(where + ": example " + field.name() + " " + served + " where the blueprint has "
                        + field.example());
            }
        }
    }

    /** The schema a {@code $ref} points to, or the schema itself. */
    private static JsonNode resolved(final JsonNode docs, final JsonNode schema) {
        final String ref = schema.path("$ref").asString(null);
        return ref == null ? schema : docs.at(ref.substring(1));
    }

    /** A schema's types: OpenAPI 3.1 allows a list ({@code ["string", "null"]}). */
    private static Set<String> types(final JsonNode schema) {
        final Set<String> types = new HashSet<>();
        final JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(one -> types.add(one.asString()));
        } else if (!type.isMissingNode()) {
            types.add(type.asString());
        }
        return types;
    }

    /** {@code array[Ticket]}: {@code Ticket}; null for a type that is no array. */
    private static String element(final String type) {
        return type.startsWith("array[") && type.endsWith("]") ? type.substring(6, type.length() - 1) : null;
    }

    /** The OpenAPI type and format of a blueprint primitive, or null for a type that is none. */
    private static String[] primitive(final String type) {
        return switch (type) {
            case "string" -> new String[] {"string", null};
            case "int64" -> new String[] {"integer", "int64"};
            case "int32" -> new String[] {"integer", "int32"};
            case "number" -> new String[] {"number", null};
            case "boolean" -> new String[] {"boolean", null};
            case "object" -> new String[] {"object", null};
            default -> null;
        };
    }
}
