package dev.coda.query.devmode;

/** The user already has as many live log tails open as one user may. */
class TooManyTails extends RuntimeException {

    TooManyTails(int max) {
        super("You already follow " + max + " live log tails; close one first.");
    }
}
