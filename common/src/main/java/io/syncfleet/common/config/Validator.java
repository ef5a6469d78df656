package io.syncfleet.common.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * A check on a parsed value, applied after its type accepted it.
 *
 * @param description what is allowed, for the reference docs (e.g. {@code 1..1000})
 * @param check returns null when the value is fine, else the problem (e.g. {@code must be 1..1000, got 0})
 */
public record Validator<T>(String description, Function<? super T, String> check) {

    public Validator {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(check, "check");
    }

    public String problem(T value) {
        return check.apply(value);
    }
}
