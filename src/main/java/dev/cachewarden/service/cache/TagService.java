package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Arn;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.Tags;
import dev.cachewarden.service.UserGroupService;
import dev.cachewarden.service.UserService;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.Transaction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** AddTagsToResource, RemoveTagsFromResource and ListTagsForResource, addressed by ARN. */
public final class TagService {
    private final Store store;
    private final ServiceSettings settings;

    public TagService(Store store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public List<Tag> add(String resourceName, List<Tag> tags) {
        Tags.check(tags, settings.quotas().tagsPerResource());
        return store.inTransaction(tx -> {
            String arn = existing(tx, resourceName, true);
            Set<String> keys = new HashSet<>();
            tx.tags().list(arn).forEach(t -> keys.add(t.key()));
            tags.forEach(t -> keys.add(t.key()));
            Tags.checkCount(keys.size(), settings.quotas().tagsPerResource());
            tx.tags().put(arn, tags);
            return tx.tags().list(arn);
        });
    }

    public List<Tag> remove(String resourceName, List<String> keys) {
        return store.inTransaction(tx -> {
            String arn = existing(tx, resourceName, true);
            Set<String> present = new HashSet<>();
            tx.tags().list(arn).forEach(t -> present.add(t.key()));
            for (String key : keys) {
                if (!present.contains(key)) {
                    throw new ElastiCacheFault(Fault.TAG_NOT_FOUND, "The tag " + key + " was not found on resource "
                            + arn + ".");
                }
            }
            tx.tags().remove(arn, keys);
            return tx.tags().list(arn);
        });
    }

    public List<Tag> list(String resourceName) {
        return store.readSnapshot(tx -> tx.tags().list(existing(tx, resourceName, false)));
    }

    /**
     * The canonical ARN of an existing resource, or the not-found fault of its resource type. With
     * {@code lock}, the resource's row stays locked until the transaction ends: tag changes of one
     * resource then run one after the other, and its deletion (which deletes its row, then its tags)
     * waits for them, so no tag outlives it to reappear on a re-created resource of the same id.
     */
    private String existing(Transaction tx, String resourceName, boolean lock) {
        Arn arn = Arn.parse(resourceName).orElseThrow(() -> new ElastiCacheFault(Fault.INVALID_ARN,
                "The ARN " + resourceName + " is not a valid ElastiCache resource name."));
        // Ids are stored lowercase and matched without regard to case everywhere else.
        String id = arn.resourceId().toLowerCase(java.util.Locale.ROOT);
        boolean local = arn.partition().equals(Arn.partitionOf(settings.region()))
                && arn.region().equals(settings.region()) && arn.account().equals(settings.accountId());
        switch (arn.resourceType()) {
            case "user" -> {
                if (!local || tx.users().find(id, lock).isEmpty()) {
                    throw UserService.userNotFound(id);
                }
                return settings.userArn(id);
            }
            case "usergroup" -> {
                if (!local || tx.userGroups().find(id, lock).isEmpty()) {
                    throw UserGroupService.groupNotFound(id);
                }
                return settings.userGroupArn(id);
            }
            // Replication groups and serverless caches carry tags too.
            case "replicationgroup" -> {
                if (!local || tx.replicationGroups().find(id, lock).isEmpty()) {
                    throw CacheService.notFound(id);
                }
                return settings.replicationGroupArn(id);
            }
            case "serverlesscache" -> {
                if (!local || tx.serverlessCaches().find(id, lock).isEmpty()) {
                    throw notFound(arn);
                }
                return settings.serverlessCacheArn(id);
            }
            case "subnetgroup" -> {
                if (!local || !CacheSubnetGroupService.exists(tx, id, lock)) {
                    throw CacheSubnetGroupService.notFound(id);
                }
                return dev.cachewarden.domain.Arn.of(settings.region(), settings.accountId(), "subnetgroup", id).toString();
            }
            case "parametergroup" -> {
                if (!local || !CacheParameterGroupService.exists(tx, id, lock)) {
                    throw CacheParameterGroupService.notFound(id);
                }
                return dev.cachewarden.domain.Arn.of(settings.region(), settings.accountId(), "parametergroup", id).toString();
            }
            default -> throw notFound(arn);
        }
    }

    private static ElastiCacheFault notFound(Arn arn) {
        Fault fault = switch (arn.resourceType()) {
            case "cluster" -> Fault.CACHE_CLUSTER_NOT_FOUND;
            case "replicationgroup" -> Fault.REPLICATION_GROUP_NOT_FOUND;
            case "serverlesscache" -> Fault.SERVERLESS_CACHE_NOT_FOUND;
            case "parametergroup" -> Fault.CACHE_PARAMETER_GROUP_NOT_FOUND;
            case "securitygroup" -> Fault.CACHE_SECURITY_GROUP_NOT_FOUND;
            case "subnetgroup" -> Fault.CACHE_SUBNET_GROUP_NOT_FOUND;
            case "snapshot" -> Fault.SNAPSHOT_NOT_FOUND;
            // The resource-level permissions page spells it "reservedinstance".
            case "reservedinstance", "reserved-instance" -> Fault.RESERVED_CACHE_NODE_NOT_FOUND;
            case "serverlesscachesnapshot" -> Fault.SERVERLESS_CACHE_SNAPSHOT_NOT_FOUND;
            default -> Fault.INVALID_ARN;
        };
        return new ElastiCacheFault(fault, fault == Fault.INVALID_ARN
                ? "The ARN " + arn + " does not refer to a taggable ElastiCache resource."
                : "The resource " + arn + " was not found.");
    }
}
