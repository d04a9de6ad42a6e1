package dev.cachewarden.front.iam;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.User;
import dev.cachewarden.front.FrontTarget;
import java.util.List;
import java.util.Optional;

/** What the IAM rules need to know about a cache and its users, read at the moment a connection authenticates. */
interface IamDirectory {
    /** Empty when the front's target names no cache cachewarden knows. */
    Optional<Cache> cache(FrontTarget target);

    /** Any user by id, in a group of this cache or not (for a precise refusal). */
    Optional<User> user(String userId);

    /** {@link #cache}'s answer when it needs no store read (a fresh view is kept), else null. */
    default Optional<Cache> cacheAtHand(FrontTarget target) {
        return null;
    }

    /** {@link #user}'s answer when it needs no store read, else null. */
    default Optional<User> userAtHand(String userId) {
        return null;
    }

    /** The ARN a Connect policy names for this user: {@code arn:aws:elasticache:<region>:<account>:user:<id>}. */
    String userArn(String userId);

    /**
     * @param arn the replicationgroup: or serverlesscache: ARN a Connect policy names
     * @param userGroupIds the groups whose membership is applied on the nodes now and stays so (an
     *                     attach or detach in flight counts for neither side)
     * @param members the users of those groups in their applied membership, less those being removed
     */
    record Cache(String cacheId, boolean serverless, String arn, Engine engine, String engineVersion,
                 boolean transitEncryption, List<String> userGroupIds, List<User> members) {
        public Cache {
            userGroupIds = List.copyOf(userGroupIds);
            members = List.copyOf(members);
        }
    }
}
