package org.migspec.checker.input;

import java.math.BigInteger;

/** Trace integers: exact up to 64 bits unsigned (QEMU's uint64_t counters), never floating point. */
final class Numbers {
    static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private Numbers() {
    }

    /** A Long when it fits, a BigInteger up to 2^64-1, an error beyond. */
    static Object parse(String digits, int radix, String file, long line, int column, String field)
            throws TraceInputException {
        BigInteger b;
        try {
            b = new BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            throw new TraceInputException(file, line, column, field + ": not an integer: " + digits);
        }
        return checked(b, file, line, column, field);
    }

    static Object checked(BigInteger b, String file, long line, int column, String field)
            throws TraceInputException {
        if (b.compareTo(UINT64_MAX) > 0 || b.compareTo(INT64_MIN) < 0) {
            throw new TraceInputException(file, line, column,
                    field + ": number out of range (more than 64 bits): " + b);
        }
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
}
