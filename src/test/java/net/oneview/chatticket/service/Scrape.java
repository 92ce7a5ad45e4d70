package net.oneview.chatticket.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The samples of a Prometheus text exposition ({@code /actuator/prometheus}): name, labels, value. */
record Scrape(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {

        /** Whether every given label has the given value (others may be there too). */
        boolean has(final Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        }
    }

    static Scrape parse(final String text) {
        final List<Sample> samples = new ArrayList<>();
        for (final String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new Scrape(samples);
    }

    /** The samples of that name with those labels (and maybe others). */
    List<Sample> find(final String name, final Map<String, String> labels) {
        return samples.stream().filter(sample -> sample.name().equals(name) && sample.has(labels)).toList();
    }

    /** The one sample of that name with those labels; fails when there is none or more than one. */
    double value(final String name, final Map<String, String> labels) {
        final List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " (one expected): " + found);
        }
        return found.get(0).value();
    }

    boolean any(final Predicate<Sample> such) {
        return samples.stream().anyMatch(such);
    }

    /** {@code name{a="x",b="y\"z"} 1.0} or {@code name 1.0}, maybe followed by a timestamp. */
    private static Sample sample(final String line) {
        final int brace = line.indexOf('{');
        final int space = line.indexOf(' ');
        final Map<String, String> labels = new LinkedHashMap<>();
        if (brace < 0 || space < brace) {
            return new Sample(line.substring(0, space), labels, number(line.substring(space + 1)));
        }
        int at = brace + 1;
        while (line.charAt(at) != '}') {
            final int equals = line.indexOf('=', at);
            final StringBuilder value = new StringBuilder();
            int i = equals + 2;  // past ="
            for (; line.charAt(i) != '"'; i++) {
                if (line.charAt(i) == '\\') {
                    i++;
                    value.append(line.charAt(i) == 'n' ? '\n' : line.charAt(i));
                } else {
                    value.append(line.charAt(i));
                }
            }
            labels.put(line.substring(at, equals), value.toString());
            at = line.charAt(i + 1) == ',' ? i + 2 : i + 1;
        }
        return new Sample(line.substring(0, brace), labels, number(line.substring(at + 1).trim()));
    }

    private static double number(final String text) {
        final String value = text.split(" ")[0];
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
