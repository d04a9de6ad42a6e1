package dev.cachewarden.front.iam;

import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The IAM rules' view of the store, one short read-only transaction per question. Only what is both
 * applied and staying counts: a user being added is not on the nodes yet, one being removed is about
 * to lose its connections, so neither may open a new one.
 */
final class StoreIamDirectory implements IamDirectory {
    private final Store store;
    private final ServiceSettings settings;

    StoreIamDirectory(Store store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public Optional<Cache> cache(FrontTarget target) {
        // A serverless cache is stored as a replication group under a prefixed id; the front may name either.
        String name = target.serverless() && target.cacheId().startsWith(ReplicationGroup.SERVERLESS_PREFIX)
                ? target.cacheId().substring(ReplicationGroup.SERVERLESS_PREFIX.length()) : target.cacheId();
        String id = target.serverless() ? ReplicationGroup.serverlessId(name) : name;
        return store.inTransaction(tx -> tx.replicationGroups().find(id, false)
                .filter(rg -> rg.serverless() == target.serverless())
                .map(rg -> cache(tx, name, target.serverless(), rg)));
    }

    private Cache cache(Transaction tx, String cacheId, boolean serverless, ReplicationGroup rg) {
        List<String> groupIds = new ArrayList<>(rg.userGroupIds());
        groupIds.retainAll(rg.effectiveUserGroupIds());
        Set<String> memberIds = new LinkedHashSet<>();
        for (String groupId : groupIds) {
            tx.userGroups().find(groupId, false).ifPresent(group -> memberIds.addAll(stayingMembers(group)));
        }
        List<User> members = tx.users().findAll(new ArrayList<>(memberIds), false);
        String arn = serverless ? settings.serverlessCacheArn(cacheId) : settings.replicationGroupArn(cacheId);
        return new Cache(cacheId, serverless, arn, rg.engine(), rg.engineVersion(),
                rg.transitEncryption(), groupIds, members);
    }

    static List<String> stayingMembers(UserGroup group) {
        List<String> ids = new ArrayList<>(group.userIds());
        if (group.pendingChanges() != null) {
            ids.removeAll(group.pendingChanges().userIdsToRemove());
        }
        return ids;
    }

    @Override
    public Optional<User> user(String userId) {
        return store.inTransaction(tx -> tx.users().find(userId, false));
    }

    @Override
    public String userArn(String userId) {
        return settings.userArn(userId);
    }
}
