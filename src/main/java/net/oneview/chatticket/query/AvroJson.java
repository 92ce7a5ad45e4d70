package net.oneview.chatticket.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonDecoder;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's JSON encoding of records, for the hop between instances and for exported events: exact, and readable when
 * debugging. Each thread keeps its encoder and decoder per schema: making one builds a grammar of the whole schema,
 * which cost more than the read it served (measured on forwarded GETs, make bench ONLY=forward).
 */
public final class AvroJson {

    private static final ThreadLocal<Map<Schema, JsonEncoder>> ENCODERS = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<Schema, JsonDecoder>> DECODERS = ThreadLocal.withInitial(HashMap::new);

    private AvroJson() {
    }

    public static String write(final SpecificRecord value) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            final JsonEncoder encoder = encoder(value.getSchema(), out);
            new SpecificDatumWriter<SpecificRecord>(value.getSchema(), SpecificData.getForClass(value.getClass()))
                    .write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static <V> V read(final String json, final Class<V> type) {
        final SpecificData model = SpecificData.getForClass(type);
        final Schema schema = model.getSchema(type);
        try {
            return new SpecificDatumReader<V>(schema, schema, model).read(null, decoder(schema, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonEncoder encoder(final Schema schema, final ByteArrayOutputStream out) throws IOException {
        final JsonEncoder cached = ENCODERS.get().get(schema);
        if (cached != null) {
            return cached.configure(out);
        }
        final JsonEncoder made = EncoderFactory.get().jsonEncoder(schema, out);
        ENCODERS.get().put(schema, made);
        return made;
    }

    private static JsonDecoder decoder(final Schema schema, final String json) throws IOException {
        final JsonDecoder cached = DECODERS.get().get(schema);
        if (cached != null) {
            return cached.configure(json);
        }
        final JsonDecoder made = DecoderFactory.get().jsonDecoder(schema, json);
        DECODERS.get().put(schema, made);
        return made;
    }
}
