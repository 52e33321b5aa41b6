package io.fscache.backend.tiered;

import io.fscache.spi.DataNotPresentException;

/** A tier was withdrawn before an operation on it could start: for a read, simply a miss in that tier. */
final class TierGoneException extends DataNotPresentException {

    private static final long serialVersionUID = 1L;

    TierGoneException(Tier tier) {
        super("tier " + tier.name() + " has been withdrawn");
    }
}
