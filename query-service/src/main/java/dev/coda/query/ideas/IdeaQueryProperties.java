package dev.coda.query.ideas;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxPageBytes what the notes and features of one answer's ideas may hold together, in UTF-8: a keyset
 *                     page stops at the idea that passes it and hands out a cursor to the rest, a numbered page or
 *                     a search that would pass it asks for fewer ideas. One idea always fits.
 */
@ConfigurationProperties("coda.ideas")
record IdeaQueryProperties(@DefaultValue("16MB") DataSize maxPageBytes) {
}
