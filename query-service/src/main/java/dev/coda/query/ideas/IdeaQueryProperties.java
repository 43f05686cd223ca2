package dev.coda.query.ideas;

import jakarta.validation.constraints.AssertTrue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxPageBytes what the notes and features of one answer's ideas may hold together, in UTF-8: an answer ends
 *                     with the idea that takes it past this, so it holds at most this and one idea. A keyset page
 *                     that ends there hands out a cursor to the rest; a numbered page or a search with ideas beyond
 *                     it asks for fewer. One idea always fits.
 */
@ConfigurationProperties("coda.ideas")
@Validated
record IdeaQueryProperties(@DefaultValue("16MB") DataSize maxPageBytes) {

    /** Checked at startup: with no budget at all, every answer would be empty. */
    @AssertTrue(message = "coda.ideas.max-page-bytes must be positive")
    boolean isMaxPageBytesPositive() {
        return maxPageBytes.toBytes() > 0;
    }
}
