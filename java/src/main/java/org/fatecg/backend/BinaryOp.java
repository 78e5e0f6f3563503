package org.fatecg.backend;

/** Elementwise out[i] = f(a[i], b[i]) with broadcasting; comparisons give 1 or 0. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    /** a > b as 1 or 0. */
    GT,
    /** a >= b as 1 or 0. */
    GE,
    /** a == b as 1 or 0. */
    EQ;

    public float apply(float a, float b) {
        switch (this) {
            case ADD:
                return a + b;
            case SUB:
                return a - b;
            case MUL:
                return a * b;
            case DIV:
                return a / b;
            case GT:
                return a > b ? 1f : 0f;
            case GE:
                return a >= b ? 1f : 0f;
            case EQ:
                return a == b ? 1f : 0f;
            default:
                throw new AssertionError(this);
        }
    }
}
