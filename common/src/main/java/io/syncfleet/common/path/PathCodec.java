package io.syncfleet.common.path;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lossless text form of a raw file name.
 *
 * <p>Valid UTF-8 is kept as text, so ordinary names read naturally in Kafka tooling. The byte
 * {@code %}, control bytes below 0x20, DEL, and every byte of an invalid UTF-8 sequence are written
 * as {@code %XX}. Decoding turns every {@code %XX} back into its byte. The mapping is a bijection
 * on byte strings.
 */
public final class PathCodec {

    private PathCodec() {
    }

    public static String encode(byte[] raw) {
        StringBuilder out = new StringBuilder(raw.length + 8);
        int i = 0;
        while (i < raw.length) {
            int b = raw[i] & 0xff;
            if (b < 0x80) {
                if (b == '%' || b < 0x20 || b == 0x7f) {
                    hex(out, b);
                } else {
                    out.append((char) b);
                }
                i++;
                continue;
            }
            int len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
            if (len > 0 && i + len <= raw.length && RelPath.isValidUtf8(raw, i, len)) {
                out.append(new String(raw, i, len, StandardCharsets.UTF_8));
                i += len;
            } else {
                hex(out, b);
                i++;
            }
        }
        return out.toString();
    }

    public static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '%') {
                if (i + 2 >= utf8.length) {
                    throw new IllegalArgumentException("truncated %XX escape in path: " + text);
                }
                out.write(Integer.parseInt(new String(utf8, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static void hex(StringBuilder out, int b) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
}
