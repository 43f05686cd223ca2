package dev.coda.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The revision of a stored payload's shape: an event's, stored with every event so that old events can be
 * upcast, or an aggregate's, stored with its snapshots so that one of an older shape is not used.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventRevision {

    String value();
}
