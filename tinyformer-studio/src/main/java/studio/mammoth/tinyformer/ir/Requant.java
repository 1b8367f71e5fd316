package studio.mammoth.tinyformer.ir;

/**
 * A real multiplier {@code m ~= multiplier * 2^(shift - 31)} with multiplier in [2^30, 2^31 - 1] and shift in
 * [-31, 30] (docs/tinyformer/INTEGER_SEMANTICS.md section 3).
 */
public record Requant(int multiplier, int shift) {

    public static final int MIN_SHIFT = -31;
    public static final int MAX_SHIFT = 30;

    public Requant {
        if (multiplier < (1 << 30) || shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("requant multiplier must be in [2^30, 2^31-1] and shift in [-31, 30], got "
                    + multiplier + ", " + shift);
        }
    }

    /** Encodes a positive real multiplier (frexp, round half up on the 31-bit mantissa). */
    public static Requant of(double real) {
        if (!(real > 0) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("requant multiplier must be a positive finite number, got " + real);
        }
        int exponent = Math.getExponent(real) + 1;           // real = f * 2^exponent, f in [0.5, 1)
        double fraction = real / Math.scalb(1.0, exponent);
        long mantissa = Math.round(fraction * (1L << 31));
        if (mantissa == (1L << 31)) {
            mantissa = 1L << 30;
            exponent++;
        }
        if (exponent > MAX_SHIFT) {
            throw new IllegalArgumentException("requant multiplier too large: " + real);
        }
        if (exponent < MIN_SHIFT) {
            // Every reachable int32 accumulator maps to 0 or +-1 either way; use the smallest representable scale.
            return new Requant(1 << 30, MIN_SHIFT);
        }
        return new Requant((int) mantissa, exponent);
    }

    /** The real multiplier this pair encodes. */
    public double real() {
        return multiplier * Math.scalb(1.0, shift - 31);
    }
}
