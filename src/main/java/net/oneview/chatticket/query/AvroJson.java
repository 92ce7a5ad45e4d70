package net.oneview.chatticket.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's JSON encoding of records, for the hop between instances and for exported events: exact, and readable when
 * debugging.
 */
public final class AvroJson {

    private AvroJson() {
    }

    public static String write(final SpecificRecord value) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            final JsonEncoder encoder = EncoderFactory.get().jsonEncoder(value.getSchema(), out);
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
            return new SpecificDatumReader<V>(schema, schema, model)
                    .read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
