package dev.bonafide.engine;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;

/** The CEL type of a fact, and how its value is shown in an explanation. */
public enum FactType {
    BOOL(SimpleType.BOOL),
    /** A whole number, shown with thousands separators ("1,200"). */
    COUNT(SimpleType.INT),
    /** A share between 0 and 1, shown as a percentage ("73%"). */
    SHARE(SimpleType.DOUBLE),
    TEXT(SimpleType.STRING);

    private final CelType celType;

    FactType(CelType celType) {
        this.celType = celType;
    }

    public CelType celType() {
        return celType;
    }

    /** The name of the type as a rule author reads it in CEL. */
    public String celName() {
        return switch (this) {
            case BOOL -> "bool";
            case COUNT -> "int";
            case SHARE -> "double";
            case TEXT -> "string";
        };
    }
}
