package io.syncfleet.common.topic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.syncfleet.common.path.RelPath;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for an event record with an {@code int schemaVersion} field.
 *
 * <p>A record whose version is newer than this build knows fails with the topic in the message; the
 * consumer adds partition and offset ({@link org.apache.kafka.common.errors.RecordDeserializationException}).
 * A null payload (a tombstone) decodes to null.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("syncfleet")
                    .addSerializer(RelPath.class, new StdSerializer<>(RelPath.class) {
                        @Override
                        public void serialize(RelPath value, JsonGenerator gen, SerializerProvider p) throws IOException {
                            gen.writeString(value.encoded());
                        }
                    })
                    .addDeserializer(RelPath.class, new StdDeserializer<>(RelPath.class) {
                        @Override
                        public RelPath deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                            return RelPath.decode(p.getValueAsString());
                        }
                    }));

    private final Class<T> type;
    private final int maxVersion;

    public JsonSerde(Class<T> type, int maxVersion) {
        this.type = type;
        this.maxVersion = maxVersion;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic [" + topic + "]", e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            int version = versionOf(data);
            if (version < 1 || version > maxVersion) {
                throw new SerializationException("topic [" + topic + "]: " + type.getSimpleName() + " schemaVersion "
                        + version + " is not supported by this build (knows 1.." + maxVersion
                        + "); upgrade syncfleet on this host");
            }
            return MAPPER.readValue(data, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("topic [" + topic + "]: cannot decode " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The top-level {@code schemaVersion}, or -1: read by a streaming parser that stops there, so the payload
     * is parsed once more only when the version is known. Our events write it first; any other position works.
     */
    private static int versionOf(byte[] data) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("schemaVersion".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING
                            ? p.getValueAsInt(-1) : -1;
                }
                p.skipChildren();
            }
            return -1;
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
