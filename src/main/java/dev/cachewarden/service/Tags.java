package dev.cachewarden.service;

import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The tag rules every taggable resource shares. */
public final class Tags {
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;

    private Tags() {}

    public static void check(List<Tag> tags, int quota) {
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            if (tag.key() == null || tag.key().isEmpty()) {
                throw ElastiCacheFault.invalidValue("Tag keys must not be empty.");
            }
            if (tag.key().length() > MAX_KEY_LENGTH) {
                throw ElastiCacheFault.invalidValue("Tag key must be at most " + MAX_KEY_LENGTH + " characters.");
            }
            if (tag.key().startsWith("aws:")) {
                throw ElastiCacheFault.invalidValue("Tag keys may not start with 'aws:'.");
            }
            if (tag.value() != null && tag.value().length() > MAX_VALUE_LENGTH) {
                throw ElastiCacheFault.invalidValue("Tag value must be at most " + MAX_VALUE_LENGTH + " characters.");
            }
            keys.add(tag.key());
        }
        checkCount(keys.size(), quota);
    }

    public static void checkCount(int count, int quota) {
        if (count > quota) {
            throw new ElastiCacheFault(Fault.TAG_QUOTA_PER_RESOURCE_EXCEEDED, "The request cannot be processed "
                    + "because it would cause the resource to have more than the allowed number of tags. "
                    + "The maximum number of tags permitted on a resource is " + quota + ".");
        }
    }
}
