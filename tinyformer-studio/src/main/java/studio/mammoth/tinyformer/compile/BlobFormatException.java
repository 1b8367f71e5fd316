package studio.mammoth.tinyformer.compile;

/** A blob broke a rule of docs/tinyformer/BLOB_FORMAT.md; the message names the rule, where, and the bad value. */
public final class BlobFormatException extends Exception {
    public BlobFormatException(String reason) {
        super(reason);
    }
}
