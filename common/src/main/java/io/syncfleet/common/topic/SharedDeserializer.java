package io.syncfleet.common.topic;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One deserializer for the consumers of one process that read the same records of one topic, such as
 * a sync worker's per-target consumers of {@code changes}: the first consumer to read a payload decodes
 * it, and each one that fetches equal bytes later gets the same value. With 50 targets, a batch is parsed
 * about once (twice when two consumers miss it at the same moment), not 50 times.
 *
 * <p>The values must be immutable, since consumers on other threads share them. The cache is keyed by the
 * payload bytes themselves (no offsets or topic ids that could be reused), evicts the least recently used
 * payloads beyond {@code maxBytes}, and keeps no payload larger than that. A payload that fails to decode
 * is not kept: each consumer gets the inner deserializer's exception for it. Thread-safe; {@link #close()}
 * does nothing, so each consumer may close it.
 */
public final class SharedDeserializer<T> implements Deserializer<T> {

    private final Deserializer<T> inner;
    private final long maxBytes;
    private final LinkedHashMap<Payload, T> cache = new LinkedHashMap<>(256, 0.75f, true);
    private final LongAdder decoded = new LongAdder();
    private final LongAdder shared = new LongAdder();
    private long cachedBytes;

    /**
     * @param inner the topic's deserializer; its values must be immutable
     * @param maxBytes payload bytes kept at most
     */
    public SharedDeserializer(Deserializer<T> inner, long maxBytes) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return inner.deserialize(topic, null);
        }
        Payload key = new Payload(data);
        synchronized (cache) {
            T value = cache.get(key);
            if (value != null) {
                shared.increment();
                return value;
            }
        }
        T value = inner.deserialize(topic, data); // outside the lock: consumers decode different payloads at once
        decoded.increment();
        if (value != null && data.length <= maxBytes) {
            keep(key, value);
        }
        return value;
    }

    private void keep(Payload key, T value) {
        synchronized (cache) {
            if (cache.putIfAbsent(key, value) != null) {
                return; // another consumer decoded the same payload meanwhile
            }
            cachedBytes += key.bytes.length;
            Iterator<Map.Entry<Payload, T>> eldest = cache.entrySet().iterator();
            while (cachedBytes > maxBytes && eldest.hasNext()) {
                cachedBytes -= eldest.next().getKey().bytes.length;
                eldest.remove();
            }
        }
    }

    /** Payloads the inner deserializer decoded (nulls and failures excluded). */
    public long decoded() {
        return decoded.sum();
    }

    /** Payloads answered from the cache, without decoding. */
    public long shared() {
        return shared.sum();
    }

    /** Payload bytes held now. */
    public long cachedBytes() {
        synchronized (cache) {
            return cachedBytes;
        }
    }

    @Override
    public void close() {
        // shared by consumers that close at different times; the cache goes with the last reference
    }

    /** Payload bytes as a key: a hash of a sample, then a full comparison (vectorized by the JDK). */
    private static final class Payload {

        private static final int SAMPLES = 64;

        private final byte[] bytes;
        private final int hash;

        Payload(byte[] bytes) {
            this.bytes = bytes;
            this.hash = sampleHash(bytes);
        }

        /**
         * Length, 32 bytes at each end and 64 bytes spread between: enough to tell payloads apart in practice
         * (a batch's id is near its head) while hashing far fewer bytes than a large batch holds.
         */
        private static int sampleHash(byte[] b) {
            int n = b.length;
            int h = n;
            int edge = Math.min(32, n);
            for (int i = 0; i < edge; i++) {
                h = 31 * h + b[i];
                h = 31 * h + b[n - 1 - i];
            }
            if (n > 2 * edge) {
                int step = Math.max(1, (n - 2 * edge) / SAMPLES);
                for (int i = edge; i < n - edge; i += step) {
                    h = 31 * h + b[i];
                }
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Payload p && p.hash == hash && Arrays.equals(p.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
