package net.oneview.chatticket.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API blueprint 1vu is built against, read from {@code src/test/resources/api-blueprint.txt}: a copy of the
 * published blueprint as its package page shows it (API Blueprint, its markup flattened into lines). Gives its actions
 * (path, method, the body of each status) and its data structures (fields with type, required, example) and enums.
 *
 * @param actions the endpoints in the blueprint's order
 * @param structures each data structure's fields, by name
 * @param enums each enum's values, by name
 */
record ApiBlueprint(List<Action> actions, Map<String, List<Field>> structures, Map<String, List<String>> enums) {

    static final String RESOURCE = "/api-blueprint.txt";

    /**
     * @param responses the body of each status: an attribute type ({@code AgentInfo}, {@code array[Ticket]}), or null
     * @param mediaTypes the media type the blueprint declares for each status ({@code application/json}), or null
     */
    record Action(String path, String method, Map<Integer, String> responses, Map<Integer, String> mediaTypes) {
    }

    /**
     * @param type {@code string}, {@code int64}, {@code object}, {@code array[string]}, or a structure's or enum's name
     * @param example the example value, or null
     */
    record Field(String name, String type, boolean required, String example) {
    }

    private static final Pattern RESOURCE_LINE = Pattern.compile("^.*\\[(/\\S*)]$");
    private static final Pattern ACTION_LINE = Pattern.compile("^.*\\[(GET|PUT|POST|PATCH|DELETE)]$");
    private static final Pattern RESPONSE_LINE = Pattern.compile("^Response (\\d{3})\\b(?:\\s*\\(([^)]+)\\))?.*$");
    private static final Pattern ATTRIBUTES_LINE = Pattern.compile("^-?\\s*Attributes \\((.+)\\)$");
    private static final Pattern STRUCTURE_LINE = Pattern.compile("^([A-Z][A-Za-z0-9_]*)(?:\\s+\\((\\w+)\\))?$");
    /** {@code - name : example (type, required)} or {@code - name (type)}, anywhere in a structure's text. */
    private static final Pattern FIELD = Pattern.compile(
            "(?:^|\\s)-\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(?::\\s*([^()]*?))?\\s*\\(([^()]*)\\)");
    private static final Pattern ENUM_VALUE = Pattern.compile("(?:^|\\s)-\\s+([A-Z][A-Z0-9_]*)(?=\\s|$)");

    static ApiBlueprint read() {
        try (InputStream in = ApiBlueprint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            final List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty()).toList();
            final int structuresStart = lines.indexOf("Data Structures");
            if (structuresStart < 0) {
                throw new IllegalStateException("no 'Data Structures' section in " + RESOURCE);
            }
            final ApiBlueprint blueprint =
                    new ApiBlueprint(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
            blueprint.readActions(lines.subList(0, structuresStart));
            blueprint.readStructures(lines.subList(structuresStart + 1, lines.size()));
            return blueprint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readActions(final List<String> lines) {
        String path = null;
        Action action = null;
        Integer status = null;
        for (final String line : lines) {
            final Matcher resource = RESOURCE_LINE.matcher(line);
            final Matcher method = ACTION_LINE.matcher(line);
            final Matcher response = RESPONSE_LINE.matcher(line);
            final Matcher attributes = ATTRIBUTES_LINE.matcher(line);
            if (resource.matches()) {
                path = resource.group(1);
                action = null;
                status = null;
            } else if (method.matches() && path != null) {
                action = new Action(path, method.group(1), new LinkedHashMap<>(), new LinkedHashMap<>());
                actions.add(action);
                status = null;
            } else if (response.matches() && action != null) {
                status = Integer.valueOf(response.group(1));
                action.responses().put(status, null);
                action.mediaTypes().put(status, response.group(2) == null ? null : response.group(2).trim());
            } else if (attributes.matches() && status != null) {
                action.responses().put(status, attributes.group(1).trim());
                status = null;
            }
        }
    }

    private void readStructures(final List<String> lines) {
        String name = null;
        String kind = null;
        StringBuilder text = new StringBuilder();
        for (final String line : lines) {
            final Matcher header = STRUCTURE_LINE.matcher(line);
            if (header.matches()) {
                addStructure(name, kind, text.toString());
                name = header.group(1);
                kind = header.group(2);
                text = new StringBuilder();
            } else if (name != null) {
                text.append(' ').append(line);
            }
        }
        addStructure(name, kind, text.toString());
    }

    private void addStructure(final String name, final String kind, final String text) {
        if (name == null || "number".equals(kind)) {  // int32, int64: names of number types
            return;
        }
        if ("enum".equals(kind)) {
            final List<String> values = new ArrayList<>();
            ENUM_VALUE.matcher(text).results().forEach(value -> values.add(value.group(1)));
            enums.put(name, values);
            return;
        }
        final List<Field> fields = new ArrayList<>();
        FIELD.matcher(text).results().forEach(field -> {
            final String[] type = field.group(3).split(",");
            final String example = field.group(2) == null || field.group(2).isBlank() ? null
                    : field.group(2).trim().replaceAll("^'(.*)'$", "$1");
            fields.add(new Field(field.group(1), type[0].trim(),
                    List.of(type).stream().skip(1).anyMatch(word -> word.trim().equals("required")), example));
        });
        structures.put(name, fields);
    }
}
