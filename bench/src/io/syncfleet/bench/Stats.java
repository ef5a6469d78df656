package io.syncfleet.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample (nearest-rank percentiles, so every figure is an observed value). */
record Stats(int n, double p50, double p95, double max, double min) {

    static Stats of(double[] values) {
        if (values.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return new Stats(s.length, rank(s, 50), rank(s, 95), s[s.length - 1], s[0]);
    }

    static Stats of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double rank(double[] sorted, int p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }

    /** {@code a / b} with two decimals, or "n/a". */
    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "n/a";
        }
        return String.format("%.2f", a / b);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(v >= 100 ? "%.0f" : "%.1f", v);
    }

    static String s(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format("%.2f", millis / 1000);
    }
}
