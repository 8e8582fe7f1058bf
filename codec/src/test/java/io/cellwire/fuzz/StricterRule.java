package io.cellwire.fuzz;

import io.cellwire.codec.DecodeError;

/**
 * Where Cellwire's walker is stricter than convex-core 0.7.9's {@code Format.read}: bytes the reference reads, and
 * encodes back to the very same bytes, that we reject on purpose, each with the {@link DecodeError} it yields and why
 * (docs/wire-format.md §9.1 lists the same rules). {@link ReferenceTarget} fails on any other rejection of such bytes.
 * <p>
 * Where the reference does check the rule, only later, in its own {@code validate()}, {@link #checkedByReference()}
 * is true and the oracle also requires the reference's validation of the value not to pass: a rule of ours that
 * rejects a value the reference validates in full is a bug of ours, whatever its code. Stateless.
 */
public enum StricterRule
{
    /**
     * §9 rule 9: a Set leaf whose elements are not in strictly increasing value-ID order, duplicates included. 0.7.9
     * reads it and refuses it only in {@code validateCell}; accepted, one set would have several encodings and so
     * several value IDs, and a duplicate would count twice.
     */
    UNSORTED_SET_LEAF(DecodeError.UNSORTED_ENTRIES, true,
        "a Set leaf out of value-ID order or with duplicates: one set, several encodings and IDs"),
    /**
     * §9 rules 7, 10, 11: a child of the wrong type where a tree, a vector prefix or a record field needs a given one
     * (Vector children and prefixes, Blob children of Blob and String trees, BlobMap children). 0.7.9 reads such
     * children untyped and fails later, in {@code validate} or with a {@code ClassCastException} on first use.
     */
    WRONG_CHILD_TYPE(DecodeError.BAD_CHILD_TYPE, true,
        "a tree child, vector prefix or BlobMap child of the wrong type: the reference fails on first use"),
    /**
     * §9 rules 7, 8, 10, 11: counts, lengths or BlobMap depths of inline children that do not add up to their
     * parent's. 0.7.9 believes the parent's count on read and checks the children only in {@code validate}; accepted,
     * a count would lie about the value (a map of 2^48 entries holding one).
     */
    CHILD_COUNT_MISMATCH(DecodeError.BAD_CHILD_COUNT, true,
        "inline children whose counts, lengths or depths do not add up to the parent's: the count lies"),
    /**
     * §9 rules 8, 9: a key of an inline Map or Set tree child whose hash digit is not the child's. 0.7.9 reads it and
     * refuses it only in {@code validate}; such a tree is not the one any writer builds for its entries, so it is a
     * second encoding (a second ID) of the same map, and lookups by hash miss the misplaced key.
     */
    KEY_UNDER_WRONG_DIGIT(DecodeError.BAD_TREE_DIGIT, true,
        "a Map or Set tree key under another hash digit: a second encoding of the map, lookups miss the key"),
    /**
     * §9 rule 8: an inline child tree whose shift is not its parent's plus one. 0.7.9 reads any shift and checks the
     * prefix only in {@code validate}.
     */
    CHILD_SHIFT_MISMATCH(DecodeError.BAD_TREE_SHIFT, true,
        "a child Map or Set tree whose shift is not its parent's plus one: not a tree any writer builds"),
    /**
     * §9 rule 8: a Map or Set tree (count above the leaf size) with an empty mask, hence no children. 0.7.9 reads it
     * and refuses it only in {@code validate} ("TreeMap must have children!").
     */
    EMPTY_TREE_MASK(DecodeError.BAD_TREE_MASK, true,
        "a Map or Set tree with an empty mask: a count with no entries behind it"),
    /**
     * An AccountStatus whose environment or holdings is present but an empty map. 0.7.9's writer keeps an empty one
     * as absent, and its {@code validateCell} refuses it ("Account should not have empty map as environment"); read
     * as is, the same account would have two encodings and two IDs.
     */
    EMPTY_ACCOUNT_MAP(DecodeError.EMPTY_ACCOUNT_MAP, true,
        "an AccountStatus environment or holdings present but empty: the writer keeps it absent, a second encoding"),
    /**
     * {@link io.cellwire.codec.CellDescriptor#MAX_DEPTH}: a cell nested more than 128 levels deep, possible through
     * inline fields (an Invoke whose command is an Invoke, …) within one frame. 0.7.9 reads any depth its stack
     * allows and never checks it; the walker bounds its recursion so a hostile cell cannot exhaust the stack of the
     * thread that decodes it.
     */
    TOO_DEEP(DecodeError.TOO_DEEP, false,
        "nesting beyond 128 levels: bounds the decoder's recursion; the reference only runs out of stack");

    private static final StricterRule[] VALUES = values();

    private final DecodeError error;
    private final boolean checkedByReference;
    private final String reason;

    StricterRule(final DecodeError error, final boolean checkedByReference, final String reason)
    {
        this.error = error;
        this.checkedByReference = checkedByReference;
        this.reason = reason;
    }

    /**
     * The rule behind a rejection.
     *
     * @param code what the walker returned, negative.
     * @return the rule, or null if no stricter rule yields that code.
     */
    public static StricterRule of(final int code)
    {
        for (final StricterRule rule : VALUES)
        {
            if (rule.error.code() == code)
            {
                return rule;
            }
        }
        return null;
    }

    /**
     * The code the walker returns when the rule rejects.
     *
     * @return the error.
     */
    public DecodeError error()
    {
        return error;
    }

    /**
     * Whether 0.7.9 checks the rule too, only not on read but in its {@code validate()}.
     *
     * @return true if the reference's validation of a value this rule rejects must not pass.
     */
    public boolean checkedByReference()
    {
        return checkedByReference;
    }

    /**
     * Why Cellwire rejects what the reference reads.
     *
     * @return one line.
     */
    public String reason()
    {
        return reason;
    }
}
